package dev.janus.input;

import org.springframework.context.annotation.Configuration;

/**
 * The input component's beans. Imported by its own {@link InputApplication} and by the all-in-one app;
 * no other component imports it.
 */
@Configuration(proxyBeanMethods = false)
public class InputConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-input";
}
