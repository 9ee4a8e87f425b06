/** Timers (long-running calls with progress) and reminders (persisted, due later as tools.reminder.due). */
@NullMarked
package dev.janus.tools.timers;

import org.jspecify.annotations.NullMarked;
