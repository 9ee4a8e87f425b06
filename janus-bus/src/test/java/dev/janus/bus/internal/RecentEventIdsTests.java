package dev.janus.bus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentEventIdsTests {

    @Test
    void remembersIdsUntilTheRingEvictsTheOldest() {
        RecentEventIds ids = new RecentEventIds(2);

        ids.add("a");
        ids.add("b");
        ids.add("a");
        ids.add("c");

        assertThat(ids.contains("a")).isFalse();
        assertThat(ids.contains("b")).isTrue();
        assertThat(ids.contains("c")).isTrue();
    }

    @Test
    void zeroCapacityRemembersNothing() {
        RecentEventIds ids = new RecentEventIds(0);

        ids.add("a");

        assertThat(ids.contains("a")).isFalse();
    }
}
