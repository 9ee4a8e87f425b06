/**
 * Test support for Janus: the seed's {@link dev.janus.testkit.EventTestHarness}, a JUnit 5 extension
 * that provides a real Redis ({@link dev.janus.testkit.RedisExtension}), Redis processes a test may
 * kill and restart ({@link dev.janus.testkit.RedisProcess}), the check that no test class leaves a process
 * running (it brings {@code janus-process-check} to every module that uses it), event fixtures, the bus contract
 * suite every engine passes, and the hostile texts the linear-time tests of text rules are fed ({@link dev.janus.testkit.HostileText}).
 */
@NullMarked
package dev.janus.testkit;

import org.jspecify.annotations.NullMarked;
