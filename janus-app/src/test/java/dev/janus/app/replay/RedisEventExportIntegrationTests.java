package dev.janus.app.replay;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.janus.bus.redis.RedisEventBus;
import dev.janus.events.EventKeys;
import dev.janus.events.JanusEvent;
import dev.janus.events.StreamEnded;
import dev.janus.testkit.EventFixtures;
import dev.janus.testkit.RedisEndpoint;
import dev.janus.testkit.RedisExtension;
import dev.janus.testkit.TestBusSettings;
import dev.janus.testkit.TestBuses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisExtension.class)
class RedisEventExportIntegrationTests {

    @Test
    void exportsTheEventsOfAStreamFromEveryTypesRedisStreamInTimeOrder(RedisEndpoint redis) {
        // given events of two streams, of several types
        String wanted = "export-" + UUID.randomUUID();
        JanusEvent first = EventFixtures.textMessage(wanted, "first");
        JanusEvent elsewhere = EventFixtures.textMessage("export-other-" + UUID.randomUUID(), "not this one");
        JanusEvent second = EventFixtures.textMessage(wanted, "second");
        JanusEvent ended = first.reply(EventKeys.INPUT_STREAM_ENDED, new StreamEnded("closed"), "janus-input");
        Instant before = Instant.now().minusSeconds(1);
        try (RedisEventBus bus = TestBuses.redis(TestBusSettings.redis(redis.url()).build())) {
            for (JanusEvent event : List.of(first, elsewhere, second, ended)) {
                bus.publish(event).join();
            }
        }

        // when
        List<JanusEvent> exported = new RedisEventExport().export(redis.url(), Set.of(wanted), before, null);

        // then
        assertThat(exported).extracting(JanusEvent::eventId)
                .containsExactly(first.eventId(), second.eventId(), ended.eventId());
    }
}
