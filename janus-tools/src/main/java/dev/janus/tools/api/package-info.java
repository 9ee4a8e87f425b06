/** The REST view of the registry: GET /api/v1/tools. */
@NullMarked
package dev.janus.tools.api;

import org.jspecify.annotations.NullMarked;
