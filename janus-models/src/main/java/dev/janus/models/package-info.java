/**
 * Spring AI models built from {@code spring.ai.*}: a library the LLM component and memory both use (components
 * never use each other; this is not a component and holds no handlers).
 */
@NullMarked
package dev.janus.models;

import org.jspecify.annotations.NullMarked;
