package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class EventRegistryTests {

    @Test
    void mergesTheDeclarationsOfOneComponent() {
        // given
        ComponentEvents handlers = ComponentEvents.of("janus-tools").publishes(EventType.TOOLS_EXECUTION_COMPLETED)
                .consumes(EventType.ORCHESTRATOR_TOOLS_REQUESTED).build();
        ComponentEvents erasure = ComponentEvents.of("janus-tools").consumes(EventType.MEMORY_USER_ERASED).build();
        ComponentEvents memory = ComponentEvents.of("janus-memory").publishes(EventType.MEMORY_USER_ERASED).build();

        // when
        EventRegistry registry = new EventRegistry(List.of(memory, handlers, erasure));

        // then
        assertThat(registry.components()).extracting(ComponentEvents::component)
                .containsExactly("janus-memory", "janus-tools");
        assertThat(registry.components().get(1).subscriptions()).extracting(ComponentEvents.Consumed::type)
                .containsExactly(EventType.ORCHESTRATOR_TOOLS_REQUESTED, EventType.MEMORY_USER_ERASED);
        assertThat(registry.publishersOf(EventType.MEMORY_USER_ERASED)).containsExactly("janus-memory");
        assertThat(registry.consumersOf(EventType.MEMORY_USER_ERASED)).extracting(ComponentEvents.Consumed::group)
                .containsExactly("janus-tools");
        assertThat(registry.isPublisher("janus-tools", EventType.TOOLS_EXECUTION_COMPLETED)).isTrue();
        assertThat(registry.isPublisher("janus-memory", EventType.TOOLS_EXECUTION_COMPLETED)).isFalse();
    }

    @Test
    void refusesTheSameSubscriptionDeclaredTwice() {
        // given
        ComponentEvents once = ComponentEvents.of("janus-tools").consumes(EventType.MEMORY_USER_ERASED).build();

        // when / then
        assertThatThrownBy(() -> new EventRegistry(List.of(once, once))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("janus-tools declares its subscription to memory.user.erased twice");
    }

    @Test
    void countsOnlyTheSubscriptionsWhoseConditionHoldsAsLive() {
        // given
        ComponentEvents llm = ComponentEvents.of("janus-llm").consumes(EventType.ORCHESTRATOR_LLM_REQUESTED)
                .consumesBroadcastWhile(EventType.INPUT_VIDEO_FRAME, "only while a provider takes images", false)
                .build();

        // then
        assertThat(llm.liveSubscriptions()).extracting(ComponentEvents.Consumed::type)
                .containsExactly(EventType.ORCHESTRATOR_LLM_REQUESTED);
        assertThatThrownBy(() -> ComponentEvents.of("tools").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("janus-");
    }
}
