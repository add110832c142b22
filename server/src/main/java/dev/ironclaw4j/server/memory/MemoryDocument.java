package dev.ironclaw4j.server.memory;

import java.time.Instant;

/**
 * A document in the memory workspace, as stored: its path, content, who wrote it ({@code user},
 * {@code agent}, {@code tool:NAME} or a URL), its trust level and when it was created and last changed.
 */
public record MemoryDocument(String path, String content, String provenance, Trust trust, Instant createdAt, Instant updatedAt) {}
