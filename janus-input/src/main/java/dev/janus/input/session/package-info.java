/** Sessions: the seed's {@code ActiveSession}, kept in a registry in memory or in Redis, with idle expiry. */
@NullMarked
package dev.janus.input.session;

import org.jspecify.annotations.NullMarked;
