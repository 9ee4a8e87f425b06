/** The all-in-one app: every component in one JVM. */
@NullMarked
package dev.janus.app;

import org.jspecify.annotations.NullMarked;
