/** Per-channel formatting and delivery, outbox, webhooks. */
@NullMarked
package dev.janus.output;

import org.jspecify.annotations.NullMarked;
