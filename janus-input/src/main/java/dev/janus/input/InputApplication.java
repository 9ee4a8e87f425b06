package dev.janus.input;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Runs the input component alone, as its own service over Redis. */
@SpringBootApplication(proxyBeanMethods = false)
@Import(InputConfiguration.class)
public class InputApplication {

    public static void main(String[] args) {
        SpringApplication.run(InputApplication.class, args);
    }
}
