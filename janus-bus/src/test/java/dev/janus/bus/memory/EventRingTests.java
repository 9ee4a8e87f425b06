package dev.janus.bus.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.janus.events.EventContext;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.TextContent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventRingTests {

    private static JanusEvent message(String user, String text) {
        return JanusEvent.create(EventKeys.INPUT_MESSAGE_RECEIVED, "s", new TextContent(text),
                new EventContext("janus-test", user, "chat", null, Map.of()));
    }

    private static List<String> texts(List<EventRing.Sequenced> entries) {
        return entries.stream().map(entry -> entry.event().content(EventKeys.INPUT_MESSAGE_RECEIVED).text()).toList();
    }

    @Test
    void keepsTheNewestEventsAndWalksThemEitherWay() {
        // given a ring of three that saw five events
        EventRing ring = new EventRing(3);
        for (int i = 1; i <= 5; i++) {
            ring.add(message("ada", "m" + i));
        }

        // when walked newest first, and oldest first after publish number 3
        List<EventRing.Sequenced> newest = new ArrayList<>();
        ring.newestFirst(newest::add);
        List<EventRing.Sequenced> after = new ArrayList<>();
        ring.oldestFirstAfter(3, after::add);

        // then the two oldest were overwritten, and each walk sees what it should
        assertThat(texts(newest)).containsExactly("m5", "m4", "m3");
        assertThat(newest.get(0).sequence()).isEqualTo(5);
        assertThat(texts(after)).containsExactly("m4", "m5");
    }

    @Test
    void aWalkStopsWhenItsVisitorSaysSo() {
        EventRing ring = new EventRing(10);
        for (int i = 1; i <= 5; i++) {
            ring.add(message("ada", "m" + i));
        }
        List<EventRing.Sequenced> two = new ArrayList<>();

        ring.newestFirst(entry -> two.add(entry) && two.size() < 2);

        assertThat(texts(two)).containsExactly("m5", "m4");
    }

    @Test
    void forgetsTheEventsOfAnErasedUser() {
        EventRing ring = new EventRing(10);
        ring.add(message("ada", "a1"));
        ring.add(message("bob", "b1"));
        ring.add(message("ada", "a2"));

        int removed = ring.removeIf(event -> event.context().userId().equals("ada"));

        List<EventRing.Sequenced> left = new ArrayList<>();
        ring.newestFirst(left::add);
        assertThat(removed).isEqualTo(2);
        assertThat(texts(left)).containsExactly("b1");
    }

    @Test
    void aRingOfNoneKeepsNothing() {
        EventRing ring = new EventRing(0);
        ring.add(message("ada", "a1"));
        List<EventRing.Sequenced> kept = new ArrayList<>();

        ring.newestFirst(kept::add);

        assertThat(kept).isEmpty();
    }
}
