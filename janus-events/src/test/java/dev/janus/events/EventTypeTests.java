package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventTypeTests {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void isFoundByItsWireName(EventType type) {
        // when / then
        assertThat(EventType.fromWireName(type.wireName())).contains(type);
        assertThat(type).hasToString(type.wireName());
    }

    @Test
    void hasStableLowerCaseDottedWireNames() {
        // then
        assertThat(EventType.values()).extracting(EventType::wireName)
                .allSatisfy(name -> assertThat(name).matches("[a-z]+\\.[a-z]+\\.[a-z]+"))
                .doesNotHaveDuplicates();
    }

    @Test
    void findsNoTypeForAnUnknownOrJavaName() {
        // when / then
        assertThat(EventType.fromWireName("input.message.unknown")).isEmpty();
        assertThat(EventType.fromWireName("INPUT_MESSAGE_RECEIVED")).isEmpty();
    }
}
