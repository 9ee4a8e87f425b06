package dev.janus.proactive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Runs the proactive component alone, as its own service over Redis. */
@SpringBootApplication(proxyBeanMethods = false)
@Import(ProactiveConfiguration.class)
public class ProactiveApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProactiveApplication.class, args);
    }
}
