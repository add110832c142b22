package dev.ironclaw4j.server.memory;

import java.time.Instant;

/** A line of the workspace tree: a document's path, size in characters, provenance, trust and last change. */
public record DocumentInfo(String path, int chars, String provenance, Trust trust, Instant updatedAt) {}
