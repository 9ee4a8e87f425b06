package dev.janus.input;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.janus.web.security.ApiKeyAuthenticationProvider;
import dev.janus.web.security.ApiKeys;
import dev.janus.web.security.InMemoryIssuedKeys;
import dev.janus.web.security.JanusAuthentication;
import dev.janus.web.security.JanusPrincipal;
import dev.janus.web.security.Role;
import dev.janus.web.security.SecurityProperties;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sockets and event streams counted together against the node's and each principal's limits. */
class OpenSocketsTests {

    private final InMemoryIssuedKeys issued = new InMemoryIssuedKeys();
    private final ApiKeys keys = new ApiKeys(SecurityProperties.defaults(), issued);

    @Test
    void theNodesLimitCountsSocketsAndEventStreamsTogether() throws Exception {
        // given a node that holds two connections: ada's socket and bob's event stream
        OpenSockets open = new OpenSockets(keys, 2, 10);
        open.track(new TextWebSocketHandler()).afterConnectionEstablished(socketOf("ada"));
        open.track(new SseEmitter(), principal("bob"), null);

        // when / then carl's event stream is one too many for the node
        assertThat(open.count()).isEqualTo(2);
        assertThatThrownBy(() -> open.track(new SseEmitter(), principal("carl"), null))
                .isInstanceOfSatisfying(ConnectionLimitException.class, refused ->
                        assertThat(refused.nodeFull()).isTrue())
                .hasMessageContaining("janus.input.max-sockets=2");
        assertThat(open.count()).isEqualTo(2);
    }

    @Test
    void aPrincipalsLimitCountsItsSocketsAndEventStreamsTogether() throws Exception {
        // given ada holds her one connection, a socket
        OpenSockets open = new OpenSockets(keys, 100, 1);
        open.track(new TextWebSocketHandler()).afterConnectionEstablished(socketOf("ada"));

        // when / then her event stream is refused, bob's is not
        assertThatThrownBy(() -> open.track(new SseEmitter(), principal("ada"), null))
                .isInstanceOfSatisfying(ConnectionLimitException.class, refused ->
                        assertThat(refused.nodeFull()).isFalse())
                .hasMessageContaining("janus.input.max-sockets-per-principal=1");
        open.track(new SseEmitter(), principal("bob"), null);
        assertThat(open.count()).isEqualTo(2);
    }

    @Test
    void aRevokedKeyEndsItsEventStreamsAndNoOthers() throws Exception {
        // given cora's and dan's event streams, each with an issued key
        OpenSockets open = new OpenSockets(keys, 100, 10);
        JanusAuthentication cora = authenticated(keys.issue("cora", Set.of(Role.USER)));
        JanusAuthentication dan = authenticated(keys.issue("dan", Set.of(Role.USER)));
        SseEmitter coras = new SseEmitter();
        SseEmitter dans = new SseEmitter();
        open.track(coras, cora.principal(), cora.keyHash());
        open.track(dans, dan.principal(), dan.keyHash());

        // when cora's key is revoked
        issued.revoke("cora");

        // then her stream is ended (nothing more can be sent on it), dan's is open
        assertThat(open.closeRevoked()).isEqualTo(1);
        assertThatThrownBy(() -> coras.send("more")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("completed");
        dans.send("more");
    }

    @Test
    void aHandlersFailureIsLoggedWithTheSocketsIdAndStreamNeverTheSocketAndGoesNoFurther() throws Exception {
        // given a handler that fails on a frame (Spring would log the socket, whose URI holds ?access_token=)
        Logger logger = (Logger) LoggerFactory.getLogger(OpenSockets.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        WebSocketSession ada = socketOf("ada");
        WebSocketHandler tracked = new OpenSockets(keys, 10, 10).track(new TextWebSocketHandler() {
            @Override
            protected void handleTextMessage(WebSocketSession session, TextMessage message) {
                throw new IllegalStateException("the handler broke");
            }
        });
        tracked.afterConnectionEstablished(ada);

        try {
            // when / then nothing reaches Spring's decorator
            assertThatCode(() -> tracked.handleMessage(ada, new TextMessage("{}"))).doesNotThrowAnyException();

            ILoggingEvent error = logged.list.stream().filter(event -> event.getLevel() == Level.ERROR).findFirst()
                    .orElseThrow();
            assertThat(error.getFormattedMessage()).isEqualTo("Closing WebSocket " + ada.getId()
                    + " on stream ada-stream: its handler failed");
            assertThat(error.getThrowableProxy().getMessage()).isEqualTo("the handler broke");
        }
        finally {
            logger.detachAppender(logged);
        }
    }

    private JanusAuthentication authenticated(String key) {
        return (JanusAuthentication) new ApiKeyAuthenticationProvider(keys)
                .authenticate(new JanusAuthentication.PresentedKey(key));
    }

    private static JanusPrincipal principal(String name) {
        return new JanusPrincipal(name, Set.of(Role.USER));
    }

    /** A socket as {@link StreamHandshake} leaves it: its principal in its attributes. */
    private static WebSocketSession socketOf(String name) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("janus.principal", principal(name));
        attributes.put("janus.stream_id", name + "-stream");
        attributes.put("janus.user_id", name);
        return new StandardWebSocketSession(new HttpHeaders(), attributes, null, null);
    }
}
