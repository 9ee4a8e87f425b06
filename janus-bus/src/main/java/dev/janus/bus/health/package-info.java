/**
 * The bus's part of a service's health: Redis answering and every subscription reading, for the readiness probe;
 * stream lag and open circuit breakers as details.
 */
@NullMarked
package dev.janus.bus.health;

import org.jspecify.annotations.NullMarked;
