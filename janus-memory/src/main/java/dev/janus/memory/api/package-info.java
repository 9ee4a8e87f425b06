/** The REST interface to a user's memories: list, forget, consolidate. */
@NullMarked
package dev.janus.memory.api;

import org.jspecify.annotations.NullMarked;
