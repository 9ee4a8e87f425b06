package dev.janus.tools;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Runs the tools component alone, as its own service over Redis. */
@SpringBootApplication(proxyBeanMethods = false)
@Import(ToolsConfiguration.class)
public class ToolsApplication {

    public static void main(String[] args) {
        SpringApplication.run(ToolsApplication.class, args);
    }
}
