/** Long-term facts per user: extraction from what users say, conflicts, supersession. */
@NullMarked
package dev.janus.memory.facts;

import org.jspecify.annotations.NullMarked;
