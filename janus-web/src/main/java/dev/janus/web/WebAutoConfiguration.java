package dev.janus.web;

import dev.janus.bus.DeadLetterQueue;
import dev.janus.bus.EventBus;
import dev.janus.bus.autoconfigure.ConditionalOnMemoryBus;
import dev.janus.bus.autoconfigure.ConditionalOnRedisBus;
import dev.janus.redis.SharedRedis;
import dev.janus.web.deadletters.DeadLettersController;
import dev.janus.web.errors.ApiErrorController;
import dev.janus.web.errors.JsonErrorReportValve;
import dev.janus.web.errors.RequestErrorHandler;
import dev.janus.web.logging.RequestLogContextFilter;
import dev.janus.web.security.ApiKeys;
import dev.janus.web.security.ApiKeysController;
import dev.janus.web.security.EdgeExceptionHandler;
import dev.janus.web.security.EdgeSecurity;
import dev.janus.web.security.MeController;
import dev.janus.web.security.InMemoryIssuedKeys;
import dev.janus.web.security.IssuedKeys;
import dev.janus.web.security.LoopbackGuard;
import dev.janus.web.security.RedisIssuedKeys;
import dev.janus.web.security.SecurityProperties;

import org.apache.catalina.core.StandardHost;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The web edge of every Janus service that serves HTTP: API keys (checked by {@link EdgeSecurity}), the
 * endpoints for the caller's identity, for API keys and for the dead-letter queue, the error body for callers
 * without a principal or speaking as another user, and the start-up check that a service without keys listens on
 * loopback only. Issued keys live in Redis when the bus is Redis, so every service accepts them. Every error a
 * request can get is the documented body ({@link ApiError}): from the controllers' advice, from Spring's error page
 * ({@link ApiErrorController}, in place of Boot's) and from Tomcat's refusals ({@link JsonErrorReportValve}).
 */
@AutoConfiguration(afterName = "dev.janus.bus.autoconfigure.BusAutoConfiguration",
        beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
@Import({ ApiKeysController.class, MeController.class, RequestErrorHandler.class, EdgeExceptionHandler.class,
        ApiErrorController.class })
public class WebAutoConfiguration {

    @Bean
    @ConditionalOnRedisBus
    IssuedKeys redisIssuedKeys(SharedRedis redis) {
        return new RedisIssuedKeys(redis);
    }

    @Bean
    @ConditionalOnMemoryBus
    IssuedKeys inMemoryIssuedKeys() {
        return new InMemoryIssuedKeys();
    }

    @Bean
    ApiKeys apiKeys(SecurityProperties properties, IssuedKeys issued, Environment environment) {
        LoopbackGuard.check(properties, environment.getProperty("server.address"));
        return new ApiKeys(properties, issued);
    }

    /** Request logs carry the stream and trace (and, once accepted, the message's ids); after tracing opens the span. */
    @Bean
    FilterRegistrationBean<RequestLogContextFilter> requestLogContextFilter() {
        FilterRegistrationBean<RequestLogContextFilter> registration =
                new FilterRegistrationBean<>(new RequestLogContextFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    DeadLettersController deadLettersController(EventBus bus) {
        if (!(bus instanceof DeadLetterQueue queue)) {
            throw new IllegalStateException("the event bus " + bus.getClass().getName() + " keeps no dead-letter queue");
        }
        return new DeadLettersController(queue);
    }

    /**
     * JSON strings stay strings: {@code {"text":12345}} or {@code "user_id":5} is 400 {@code invalid_field} naming
     * the field, not the string "12345" (Jackson coerces numbers and booleans to strings by default).
     */
    @Bean
    JsonMapperBuilderCustomizer noScalarToStringCoercion() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, textual -> textual
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Tomcat's refusals (before any servlet) in the documented error body instead of its HTML page. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static class TomcatErrors {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                }
            });
        }
    }
}
