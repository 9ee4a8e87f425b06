package dev.janus.web.logging;

import java.io.IOException;

import dev.janus.bus.EventLogContext;
import dev.janus.events.JanusEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts a request's {@code stream_id} (from {@code /api/v1/streams/{stream_id}/...}, or a socket handshake's
 * {@code ?stream_id=}) and {@code trace_id} (of the request's span, when it is traced) in the logging MDC for as long
 * as the request runs; a controller that accepts a message adds its {@code correlation_id} and {@code event_id}.
 * All four keys are removed when the request ends. A stream id that is not a valid one is left out: the MDC holds
 * only what was checked to be short and plain.
 */
public final class RequestLogContextFilter extends OncePerRequestFilter {

    private static final String STREAMS = "/api/v1/streams/";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String streamId = streamId(request);
        if (streamId != null && JanusEvent.isStreamId(streamId)) {
            MDC.put(EventLogContext.STREAM_ID, streamId);
        }
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            MDC.put(EventLogContext.TRACE_ID, span.getTraceId());
        }
        try {
            chain.doFilter(request, response);
        }
        finally {
            MDC.remove(EventLogContext.STREAM_ID);
            MDC.remove(EventLogContext.TRACE_ID);
            MDC.remove(EventLogContext.CORRELATION_ID);
            MDC.remove(EventLogContext.EVENT_ID);
        }
    }

    private static @Nullable String streamId(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path != null && path.startsWith(STREAMS)) {
            int end = path.indexOf('/', STREAMS.length());
            return path.substring(STREAMS.length(), end < 0 ? path.length() : end);
        }
        return path != null && path.startsWith("/ws/") ? request.getParameter("stream_id") : null;
    }
}
