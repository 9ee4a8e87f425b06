/** The calculator tool: a recursive-descent arithmetic parser over BigDecimal (no script engine). */
@NullMarked
package dev.janus.tools.calculator;

import org.jspecify.annotations.NullMarked;
