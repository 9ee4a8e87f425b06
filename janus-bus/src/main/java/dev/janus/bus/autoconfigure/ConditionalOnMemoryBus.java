package dev.janus.bus.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;


/** Only when the bus is the in-memory engine ({@code janus.bus.type=memory}, the default): state kept in this JVM. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnProperty(name = "janus.bus.type", havingValue = "memory", matchIfMissing = true)
public @interface ConditionalOnMemoryBus {
}
