/**
 * The check that no test class leaves a process running ({@link dev.janus.processcheck.LeftoverProcessCheck}).
 */
@NullMarked
package dev.janus.processcheck;

import org.jspecify.annotations.NullMarked;
