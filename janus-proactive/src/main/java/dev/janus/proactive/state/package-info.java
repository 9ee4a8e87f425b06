/** What detectors remember between events, in memory or in Redis, keyed so that a redelivery changes nothing. */
@NullMarked
package dev.janus.proactive.state;

import org.jspecify.annotations.NullMarked;
