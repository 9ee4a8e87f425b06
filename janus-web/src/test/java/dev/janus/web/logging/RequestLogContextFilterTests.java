package dev.janus.web.logging;

import java.util.HashMap;
import java.util.Map;

import dev.janus.bus.EventLogContext;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLogContextFilterTests {

    private final RequestLogContextFilter filter = new RequestLogContextFilter();

    @Test
    void aStreamRequestLogsWithItsStreamAndTheIdsOfTheMessageItAcceptedThenForgetsThem() throws Exception {
        // given
        Map<String, String> seen = new HashMap<>();
        FilterChain controller = (request, response) -> {
            // what StreamsController does once the message is accepted
            MDC.put(EventLogContext.CORRELATION_ID, "c-1");
            MDC.put(EventLogContext.EVENT_ID, "c-1");
            seen.putAll(copy());
        };

        // when
        filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/streams/chat-42/messages"),
                new MockHttpServletResponse(), controller);

        // then
        assertThat(seen).containsEntry(EventLogContext.STREAM_ID, "chat-42").containsEntry(EventLogContext.EVENT_ID, "c-1");
        assertThat(MDC.get(EventLogContext.STREAM_ID)).isNull();
        assertThat(MDC.get(EventLogContext.CORRELATION_ID)).isNull();
        assertThat(MDC.get(EventLogContext.EVENT_ID)).isNull();
    }

    @Test
    void aSocketHandshakeLogsWithTheStreamOfItsQuery() throws Exception {
        Map<String, String> seen = new HashMap<>();
        MockHttpServletRequest handshake = new MockHttpServletRequest("GET", "/ws/chat");
        handshake.setParameter("stream_id", "voice-1");

        filter.doFilter(handshake, new MockHttpServletResponse(), (request, response) -> seen.putAll(copy()));

        assertThat(seen).containsEntry(EventLogContext.STREAM_ID, "voice-1");
    }

    @Test
    void aStreamIdThatIsNotOneStaysOutOfTheLogs() throws Exception {
        Map<String, String> seen = new HashMap<>();
        MockHttpServletRequest handshake = new MockHttpServletRequest("GET", "/ws/chat");
        handshake.setParameter("stream_id", "x\n{\"forged\":true}" + "y".repeat(500));

        filter.doFilter(handshake, new MockHttpServletResponse(), (request, response) -> seen.putAll(copy()));

        assertThat(seen).doesNotContainKey(EventLogContext.STREAM_ID);
    }

    private static Map<String, String> copy() {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return context == null ? Map.of() : context;
    }
}
