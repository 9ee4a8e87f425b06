/** Client edge: REST, WebSocket chat/audio/video, sessions. Publishes input.*. */
@NullMarked
package dev.janus.input;

import org.jspecify.annotations.NullMarked;
