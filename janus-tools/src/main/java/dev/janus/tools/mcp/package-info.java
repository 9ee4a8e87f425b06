/** External tools from MCP servers, through Spring AI's MCP client. */
@NullMarked
package dev.janus.tools.mcp;

import org.jspecify.annotations.NullMarked;
