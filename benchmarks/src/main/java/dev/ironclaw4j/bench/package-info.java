/** JMH benchmarks of the hot paths; each reports a ratio against a named baseline. */
package dev.ironclaw4j.bench;
