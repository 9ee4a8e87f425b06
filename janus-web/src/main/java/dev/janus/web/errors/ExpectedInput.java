package dev.janus.web.errors;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

/** What a query parameter or a request body should look like, in words for people: the fix in a request error. */
final class ExpectedInput {

    private ExpectedInput() {
    }

    /** What a value of {@code type} looks like in a query or in JSON, for people. */
    static String describe(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()
                    .toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return type.getName().startsWith("java.time.") ? "an ISO-8601 date or time" : "a JSON object";
    }

    /** The range a numeric parameter documents with {@code @Schema(minimum, maximum)}, if it does. */
    static String range(MethodParameter parameter) {
        Schema schema = parameter.getParameterAnnotation(Schema.class);
        io.swagger.v3.oas.annotations.Parameter documented =
                parameter.getParameterAnnotation(io.swagger.v3.oas.annotations.Parameter.class);
        if (schema == null && documented != null) {
            schema = documented.schema();
        }
        if (schema == null || schema.minimum().isEmpty() || schema.maximum().isEmpty()) {
            return "";
        }
        return " from " + new BigDecimal(schema.minimum()).toPlainString() + " to "
                + new BigDecimal(schema.maximum()).toPlainString();
    }

    /** A body like the route's {@code @RequestBody} record takes: {@code {"text":…,"user_id":…}}. */
    static String bodyExample(@Nullable HandlerMethod handler) {
        if (handler != null) {
            for (MethodParameter parameter : handler.getMethodParameters()) {
                Class<?> type = parameter.getParameterType();
                if (parameter.hasParameterAnnotation(RequestBody.class) && type.isRecord()) {
                    return Arrays.stream(type.getRecordComponents()).map(ExpectedInput::jsonName)
                            .map(name -> "\"" + name + "\":…").collect(Collectors.joining(",", "{", "}"));
                }
            }
        }
        return "{…}";
    }

    private static String jsonName(RecordComponent component) {
        // a component's @JsonProperty lands on its field, accessor and constructor parameter, not on the component
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }
}
