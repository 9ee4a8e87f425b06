package dev.janus.input.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.janus.web.openapi.ErrorResponse;

/**
 * Marks an operation on one existing stream of the caller's: documented as answering 403 {@code forbidden} when the
 * stream belongs to another principal and 404 {@code stream_not_found} when there is no such stream.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ErrorResponse(status = 403, code = "forbidden", message = "stream 'chat-42' belongs to another principal")
@ErrorResponse(status = 404, code = "stream_not_found", message = "no stream 'chat-42'; POST /api/v1/streams opens one")
@interface OwnedStream {
}
