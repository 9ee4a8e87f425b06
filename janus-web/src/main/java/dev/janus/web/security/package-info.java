/** API keys with roles, per-principal rate limits, and loopback-only serving when no key is configured. */
@NullMarked
package dev.janus.web.security;

import org.jspecify.annotations.NullMarked;
