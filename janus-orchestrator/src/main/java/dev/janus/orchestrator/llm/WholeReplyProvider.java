package dev.janus.orchestrator.llm;

import java.util.List;

import dev.janus.events.GeneratedResponse;
import dev.janus.events.LlmRequest;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ResponseGenerator} that answers in one piece (the {@link OfflineResponder}) as a streaming provider: its
 * whole text is one delta. When it answers because the model providers before it failed, its closing line "no
 * language model is configured" would be wrong, so that line is replaced by one that names the providers that
 * failed: a fallback is named as what it is.
 */
public final class WholeReplyProvider implements StreamingProvider {

    private final ResponseGenerator generator;

    public WholeReplyProvider(ResponseGenerator generator) {
        this.generator = generator;
    }

    @Override
    public String name() {
        return generator.provider();
    }

    @Override
    public ProviderReply answer(LlmRequest request, ReplyInProgress reply, @Nullable String model,
            List<String> failures) throws Exception {
        GeneratedResponse response = generator.generate(request, reply.request());
        String text = response.text();
        if (!failures.isEmpty()) {
            String note = "_The language model did not answer (" + String.join("; ", failures) + "), so this reply "
                    + "comes from the offline responder, which answers only from what I remember and from tool "
                    + "results._";
            text = text.contains(OfflineResponder.NO_MODEL) ? text.replace(OfflineResponder.NO_MODEL, note)
                    : text + "\n\n" + note;
        }
        reply.append(text);
        reply.flush();
        return new ProviderReply(response.model(), response.promptTokens(), response.completionTokens(), false);
    }
}
