/** The dead-letter queue over REST, for operators. */
@NullMarked
package dev.janus.web.deadletters;

import org.jspecify.annotations.NullMarked;
