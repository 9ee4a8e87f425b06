package dev.janus.tools;

import org.springframework.context.annotation.Configuration;

/**
 * The tools component's beans. Imported by its own {@link ToolsApplication} and by the all-in-one app;
 * no other component imports it.
 */
@Configuration(proxyBeanMethods = false)
public class ToolsConfiguration {

    /** The component's consumer-group name on the bus. */
    public static final String COMPONENT = "janus-tools";
}
