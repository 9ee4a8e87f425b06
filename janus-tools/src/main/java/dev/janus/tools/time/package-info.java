/** The datetime tool: current date and time in a zone, and conversion of a time between zones. */
@NullMarked
package dev.janus.tools.time;

import org.jspecify.annotations.NullMarked;
