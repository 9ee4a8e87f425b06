package dev.janus.tools.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.janus.tools.registry.ParametersSchema.Property;
import org.junit.jupiter.api.Test;

class ArgumentValidatorTests {

    private final ArgumentValidator validator = new ArgumentValidator();

    private final Map<String, Object> schema = ParametersSchema.object()
            .required("expression", Property.string("an expression").maxLength(10))
            .optional("count", Property.integer("how many").minimum(1).maximum(5))
            .optional("unit", Property.string("a unit").oneOf(List.of("km", "mi")))
            .build();

    @Test
    void acceptsConformingArguments() {
        assertThat(validator.problems(schema, Map.of("expression", "1 + 1", "count", 3, "unit", "km"))).isEmpty();
    }

    @Test
    void namesAMissingRequiredArgument() {
        assertThat(validator.problems(schema, Map.of())).containsExactly("arguments.expression is required");
    }

    @Test
    void namesEachProblemWithItsField() {
        assertThat(validator.problems(schema, Map.of("expression", 42, "count", 2.5, "unit", "parsec", "extra", true)))
                .containsExactlyInAnyOrder(
                        "arguments.expression must be a string, but was 42",
                        "arguments.count must be an integer, but was 2.5",
                        "arguments.unit must be one of [km, mi], but was the string \"parsec\"",
                        "arguments.extra is not a parameter of this tool; it takes " + ((Map<?, ?>) schema.get("properties")).keySet());
    }

    @Test
    void checksRangesAndLengths() {
        assertThat(validator.problems(schema, Map.of("expression", "12345678901", "count", 9)))
                .containsExactlyInAnyOrder("arguments.expression must be at most 10 characters, but was 11",
                        "arguments.count must be at most 5, but was 9");
    }

    @Test
    void acceptsAWholeNumberWrittenAsADecimalWhereAnIntegerIsExpected() {
        assertThat(validator.problems(schema, Map.of("expression", "x", "count", 2.0))).isEmpty();
    }

    @Test
    void checksNestedObjectsAndArrays() {
        Map<String, Object> nested = Map.of("type", "object", "properties", Map.of("tags",
                Map.of("type", "array", "maxItems", 2, "items", Map.of("type", "string"))));
        assertThat(validator.problems(nested, Map.of("tags", List.of("a", 1, "c"))))
                .containsExactlyInAnyOrder("arguments.tags must have at most 2 items, but had 3",
                        "arguments.tags[1] must be a string, but was 1");
    }
}
