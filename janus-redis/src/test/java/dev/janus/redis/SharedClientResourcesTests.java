package dev.janus.redis;

import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedClientResourcesTests {

    @Test
    void everyClientGetsTheSameResourcesAndTheLastToLeaveShutsThemDown() {
        // given: two clients
        ClientResources first = SharedClientResources.acquire();
        ClientResources second = SharedClientResources.acquire();

        // when: one leaves
        SharedClientResources.release();

        // then: they shared one set, still running for the other
        assertThat(second).isSameAs(first);
        assertThat(first.eventExecutorGroup().isShuttingDown()).isFalse();

        // when: the other leaves too
        SharedClientResources.release();

        // then: shut down, and the next client gets new ones
        assertThat(first.eventExecutorGroup().isShuttingDown()).isTrue();
        ClientResources next = SharedClientResources.acquire();
        try {
            assertThat(next).isNotSameAs(first);
            assertThat(next.eventExecutorGroup().isShuttingDown()).isFalse();
        }
        finally {
            SharedClientResources.release();
        }
    }
}
