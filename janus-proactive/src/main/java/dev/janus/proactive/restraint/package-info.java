/** Restraint: how often suggestions may reach a user, and what their feedback changes. */
@NullMarked
package dev.janus.proactive.restraint;

import org.jspecify.annotations.NullMarked;
