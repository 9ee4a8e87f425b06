/** Watches the events its detectors use, detects patterns, emits suggestions and interventions. */
@NullMarked
package dev.janus.proactive;

import org.jspecify.annotations.NullMarked;
