package dev.ironclaw4j.server.memory;

import java.time.Instant;

/**
 * One search result: a chunk of a document, its place in each ranked list (1-based; 0 when the list did
 * not return it), the fused score, and what the caller needs to show it safely (provenance, trust).
 */
public record SearchHit(
    String path,
    int chunk,
    int startLine,
    int endLine,
    String text,
    int bm25Rank,
    int vectorRank,
    double score,
    String provenance,
    Trust trust,
    Instant updatedAt) {}
