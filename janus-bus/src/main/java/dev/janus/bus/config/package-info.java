/**
 * The bus's settings ({@code janus.bus.*}, {@link dev.janus.bus.config.BusProperties}) and the checks every Janus
 * configuration record applies to its values ({@link dev.janus.bus.config.PropertyCheck}).
 */
@NullMarked
package dev.janus.bus.config;

import org.jspecify.annotations.NullMarked;
