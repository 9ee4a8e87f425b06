/** Spring Boot auto-configuration of the bus: {@code janus.bus.type=memory|redis}. */
@NullMarked
package dev.janus.bus.autoconfigure;

import org.jspecify.annotations.NullMarked;
