package dev.janus.memory.api;

import dev.janus.testkit.HostileText;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static dev.janus.testkit.HostileText.PER_CALL_BOUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The id rules of the memories API, which read path segments a caller chose. */
class MemoriesControllerTests {

    @Example
    void acceptsUserAndMemoryIdsOfTheirForm() {
        assertThat(MemoriesController.USER_ID.matcher("ada@example.org").matches()).isTrue();
        assertThat(MemoriesController.USER_ID.matcher("-ada").matches()).isFalse();
        assertThat(MemoriesController.USER_ID.matcher("a".repeat(129)).matches()).isFalse();
        assertThat(MemoriesController.MEMORY_ID.matcher("fact-123e4567-e89b-12d3-a456-426614174000").matches()).isTrue();
        assertThat(MemoriesController.MEMORY_ID.matcher("fact-123e4567-e89b-12d3-a456-426614174000x").matches()).isFalse();
    }

    @Property(tries = 60)
    void checksAnyLongIdWithinTheBound(@ForAll("ids") String id) {
        assertThat(assertTimeoutPreemptively(PER_CALL_BOUND, () -> MemoriesController.USER_ID.matcher(id).matches()))
                .isFalse();
        assertThat(assertTimeoutPreemptively(PER_CALL_BOUND, () -> MemoriesController.MEMORY_ID.matcher(id).matches()))
                .isFalse();
    }

    @Provide
    Arbitrary<String> ids() {
        return HostileText.texts("ada", "fact-", "item-", "123e4567-e89b", "-", ".", "@", ":");
    }
}
