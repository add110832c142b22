/** Process sandbox for untrusted local processes (stdio MCP servers, the shell tool). */
package dev.ironclaw4j.guard.sandbox;
