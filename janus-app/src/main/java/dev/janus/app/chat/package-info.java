/**
 * {@code java -jar janus-app.jar chat}: a terminal client of a running Janus — the chat WebSocket for messages,
 * streamed replies, tool progress and suggestions, and the REST API for who the caller is, the stream and the
 * user's memories.
 */
@NullMarked
package dev.janus.app.chat;

import org.jspecify.annotations.NullMarked;
