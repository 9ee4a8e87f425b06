package dev.janus.tools.timers;

import java.time.Instant;

import dev.janus.tools.registry.CallOrigin;

/**
 * A reminder waiting to fall due.
 *
 * @param id derived from the request and call that set it, so setting it twice keeps one
 * @param text what to remind of
 * @param dueAt when
 * @param origin the request and conversation it was set in; the due event goes back there
 */
public record Reminder(String id, String text, Instant dueAt, CallOrigin origin) {
}
