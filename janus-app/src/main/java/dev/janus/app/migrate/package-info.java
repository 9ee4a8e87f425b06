/** {@code java -jar janus-app.jar migrate-keys}: state in Redis from the single-Redis key layout to the current one. */
@NullMarked
package dev.janus.app.migrate;

import org.jspecify.annotations.NullMarked;
