/** What tools forgets when a user is erased. */
@NullMarked
package dev.janus.tools.erasure;

import org.jspecify.annotations.NullMarked;
