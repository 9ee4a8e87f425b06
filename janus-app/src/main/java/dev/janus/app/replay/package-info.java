/**
 * Replay: a conversation's recorded events re-run against another configuration in an isolated, in-process
 * shadow of Janus, and the outcomes compared per request.
 */
@NullMarked
package dev.janus.app.replay;

import org.jspecify.annotations.NullMarked;
