package dev.janus.orchestrator.llm;

import java.util.List;

import dev.janus.bus.EventBus;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The LLM component's beans, imported by the orchestrator's configuration; off with
 * {@code janus.llm.enabled=false}. Every {@link ResponseGenerator} bean is a provider; the one named by
 * {@code janus.llm.provider} answers, and start-up fails, listing the available ones, when none has
 * that name.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "janus.llm.enabled", havingValue = "true", matchIfMissing = true)
public class LlmConfiguration {

    @Bean
    OfflineResponder offlineResponder() {
        return new OfflineResponder();
    }

    @Bean
    LlmComponent llmComponent(EventBus bus, LlmProperties properties, List<ResponseGenerator> generators) {
        return LlmComponent.forProvider(bus, properties.provider(), generators);
    }
}
