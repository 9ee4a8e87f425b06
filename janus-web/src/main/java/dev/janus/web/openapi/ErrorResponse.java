package dev.janus.web.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An error a REST operation answers with the shared error body {@code {"error":{"code","message"}}}: documented in
 * the OpenAPI document as a response of {@link #status()} whose example carries {@link #code()} and
 * {@link #message()}. Several errors of one status are listed together under that status. It may also annotate an
 * annotation, which then stands for its errors wherever it is put (as {@code OwnedStream} does).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Repeatable(ErrorResponses.class)
public @interface ErrorResponse {

    /** The HTTP status, 4xx or 5xx. */
    int status();

    /** The machine-readable {@code error.code}. */
    String code();

    /** When it happens: an example {@code error.message}. */
    String message();
}
