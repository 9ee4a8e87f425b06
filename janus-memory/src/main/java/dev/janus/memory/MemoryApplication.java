package dev.janus.memory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Runs the memory component alone, as its own service over Redis. */
@SpringBootApplication(proxyBeanMethods = false)
@Import(MemoryConfiguration.class)
public class MemoryApplication {

    public static void main(String[] args) {
        SpringApplication.run(MemoryApplication.class, args);
    }
}
