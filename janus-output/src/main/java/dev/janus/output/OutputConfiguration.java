package dev.janus.output;

import org.springframework.context.annotation.Configuration;

/**
 * The output component's beans. Imported by its own {@link OutputApplication} and by the all-in-one app;
 * no other component imports it.
 */
@Configuration(proxyBeanMethods = false)
public class OutputConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-output";
}
