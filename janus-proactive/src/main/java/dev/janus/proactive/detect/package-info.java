/** The detectors: each notices one kind of thing in the events of the types it watches. */
@NullMarked
package dev.janus.proactive.detect;

import org.jspecify.annotations.NullMarked;
