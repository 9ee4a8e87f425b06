/** The chat WebSocket, {@code /ws/chat}. */
@NullMarked
package dev.janus.input.chat;

import org.jspecify.annotations.NullMarked;
