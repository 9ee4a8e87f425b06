/** Tool registry, built-in and MCP tools, execution with lifecycle events. */
@NullMarked
package dev.janus.tools;

import org.jspecify.annotations.NullMarked;
