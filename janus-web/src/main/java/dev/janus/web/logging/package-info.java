/** What a request's log lines say about it: the stream, trace and request flow it belongs to. */
@NullMarked
package dev.janus.web.logging;

import org.jspecify.annotations.NullMarked;
