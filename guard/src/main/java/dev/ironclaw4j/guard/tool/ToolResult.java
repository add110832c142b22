package dev.ironclaw4j.guard.tool;

/**
 * What the caller of a tool gets: the output as the model may see it (leak-redacted, inspected,
 * fenced), the safety verdict, whether anything was redacted, and the audit record's number.
 */
public record ToolResult(String tool, String content, String verdict, boolean redacted, long auditSeq) {}
