package dev.janus.output;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Runs the output component alone, as its own service over Redis. */
@SpringBootApplication(proxyBeanMethods = false)
@Import(OutputConfiguration.class)
public class OutputApplication {

    public static void main(String[] args) {
        SpringApplication.run(OutputApplication.class, args);
    }
}
