/** MCP server for the guarded tools, and MCP client mounting external servers as guarded tools. */
package dev.ironclaw4j.mcp;
