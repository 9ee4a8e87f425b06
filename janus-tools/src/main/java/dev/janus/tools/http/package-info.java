/** The http_get tool: off by default; an allow-list of hosts, no private addresses, capped size and time. */
@NullMarked
package dev.janus.tools.http;

import org.jspecify.annotations.NullMarked;
