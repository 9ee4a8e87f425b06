package dev.janus.proactive;

import org.springframework.context.annotation.Configuration;

/**
 * The proactive component's beans. Imported by its own {@link ProactiveApplication} and by the all-in-one app;
 * no other component imports it.
 */
@Configuration(proxyBeanMethods = false)
public class ProactiveConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-proactive";
}
