package dev.janus.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventKeysTests {

    private static List<Field> keyConstants() {
        return Arrays.stream(EventKeys.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers()))
                .toList();
    }

    private static EventKey<?> valueOf(Field field) {
        try {
            return (EventKey<?>) field.get(null);
        }
        catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeHasExactlyOneKeyNamedAsTheTypeCarryingItsContent(EventType type) {
        // when
        List<EventKey<?>> keys = keyConstants().stream().map(EventKeysTests::valueOf)
                .filter(key -> key.type() == type).toList();

        // then
        assertThat(keys).hasSize(1);
        EventKey<?> key = keys.get(0);
        assertThat(key.contentType()).isEqualTo(type.contentType());
        assertThat(key.wireName()).isEqualTo(type.wireName());
        assertThat(EventKeys.of(type)).isSameAs(key);
    }

    @Test
    void everyConstantIsNamedAsItsTypeAndDeclaresItsContentRecord() {
        // when
        Map<String, Field> byName = keyConstants().stream()
                .collect(Collectors.toMap(Field::getName, Function.identity()));

        // then
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(EventType.values()).map(EventType::name).toList());
        byName.forEach((name, field) -> {
            EventKey<?> key = valueOf(field);
            assertThat(key.type().name()).isEqualTo(name);
            // the declared type argument, so EventKey<TextContent> cannot hide a key of another record
            assertThat(((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0])
                    .isEqualTo(key.contentType());
        });
    }

    @Test
    void listsAllKeysInTheOrderOfTheTypes() {
        // when
        List<EventType> types = EventKeys.all().stream().map(EventKey::type).collect(Collectors.toList());

        // then
        assertThat(types).containsExactly(EventType.values());
    }
}
