package dev.janus.memory;

import org.springframework.context.annotation.Configuration;

/**
 * The memory component's beans. Imported by its own {@link MemoryApplication} and by the all-in-one app;
 * no other component imports it.
 */
@Configuration(proxyBeanMethods = false)
public class MemoryConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-memory";
}
