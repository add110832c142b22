/** Persisted conversations: sessions, their messages and their token and cost accounting (migration V5). */
package dev.ironclaw4j.server.sessions;
