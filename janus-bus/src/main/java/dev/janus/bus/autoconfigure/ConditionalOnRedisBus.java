package dev.janus.bus.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;


/** Only when the bus is Redis Streams ({@code janus.bus.type=redis}): state shared in Redis by every replica. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnProperty(name = "janus.bus.type", havingValue = "redis")
public @interface ConditionalOnRedisBus {
}
