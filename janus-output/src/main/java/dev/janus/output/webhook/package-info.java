/** The webhook channel: every reply POSTed as signed JSON, with retries. */
@NullMarked
package dev.janus.output.webhook;

import org.jspecify.annotations.NullMarked;
