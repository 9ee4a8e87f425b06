/**
 * The OpenAPI 3.1 document of a service's REST routes ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}),
 * made by springdoc from the controllers: the bearer scheme, the shared error body and the errors every route can
 * answer, plus the errors each route declares with {@link dev.janus.web.openapi.ErrorResponse}.
 */
@NullMarked
package dev.janus.web.openapi;

import org.jspecify.annotations.NullMarked;
