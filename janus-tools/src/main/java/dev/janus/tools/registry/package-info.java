/** The tool registry: what tools exist, their JSON-schema parameters, and the catalogue announced on the bus. */
@NullMarked
package dev.janus.tools.registry;

import org.jspecify.annotations.NullMarked;
