package dev.ironclaw4j.server.agent;

import java.time.Instant;

/** A persisted conversation, as listed to a channel. {@code title} is derived from the first prompt. */
public record SessionInfo(String id, String channel, String title, Instant created, Instant lastActive, int turns) {}
