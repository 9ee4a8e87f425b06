/**
 * The documented error body for the request errors every route shares (paths, methods, content types, parameters,
 * bodies) and for the errors no controller answers: Spring's error page ({@code /error}) and the requests Tomcat
 * refuses before any servlet sees them.
 */
@NullMarked
package dev.janus.web.errors;

import org.jspecify.annotations.NullMarked;
