package dev.janus.orchestrator.llm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VariantRouterTests {

    private static LlmProperties withVariants(LlmProperties.Variant... variants) {
        return new LlmProperties(null, null, List.of("ollama"), List.of(variants), null, null, null, null, null, null,
                null, null, null);
    }

    @Test
    void withoutVariantsRoutesToTheProviderThenTheFallbacksThenOffline() {
        // given
        VariantRouter router = new VariantRouter(LlmProperties.defaults().withProvider("openai"));

        // when
        VariantRouter.Route route = router.route("stream-1");

        // then
        assertThat(route.variant()).isNull();
        assertThat(route.chain()).containsExactly("openai", "offline");
    }

    @Test
    void keepsAStreamOnItsVariant() {
        // given
        VariantRouter router = new VariantRouter(withVariants(new LlmProperties.Variant("a", "openai", "m-a", 1),
                new LlmProperties.Variant("b", "anthropic", null, 1)));

        // when
        String first = router.route("conversation-42").variant();

        // then
        for (int i = 0; i < 100; i++) {
            assertThat(router.route("conversation-42").variant()).isEqualTo(first);
        }
        VariantRouter.Route route = router.route("conversation-42");
        assertThat(route.chain()).containsExactly(route.provider(), "ollama", "offline");
    }

    @Test
    void splitsStreamsByWeightAndNeverRoutesToAZeroWeight() {
        // given
        VariantRouter router = new VariantRouter(withVariants(new LlmProperties.Variant("a", "openai", null, 80),
                new LlmProperties.Variant("b", "openai", "other", 20), new LlmProperties.Variant("off", "ollama",
                        null, 0)));

        // when
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            counts.merge(router.route("stream-" + i).variant(), 1, Integer::sum);
        }

        // then
        assertThat(counts).doesNotContainKey("off");
        assertThat(counts.get("a") / 20_000.0).isCloseTo(0.8, within(0.02));
        assertThat(counts.get("b") / 20_000.0).isCloseTo(0.2, within(0.02));
    }
}
