package dev.janus.models;

import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Spring AI's observation of one streamed chat call that Janus sends itself ({@link BlockingOpenAiChat}), made as
 * Spring AI's own {@code stream} makes it: the {@code gen_ai.client.operation} observation (a timer and a span, tagged
 * with the provider, the requested and the answering model) and, from the reply's usage, Spring AI's
 * {@code gen_ai.client.token.usage} counters. Started by {@link BlockingOpenAiChat#observe}; ended once, by
 * {@link #answered}, {@link #cancelled} or {@link #failed}. The convention is Spring AI's default (one set on the
 * chat model is not reachable from here).
 */
public final class ChatObservation {

    private static final ChatModelObservationConvention CONVENTION = new DefaultChatModelObservationConvention();

    private final ChatModelObservationContext context;
    private final Observation observation;

    private ChatObservation(ChatModelObservationContext context, Observation observation) {
        this.context = context;
        this.observation = observation;
    }

    static ChatObservation start(Prompt requestPrompt, String provider, ObservationRegistry registry) {
        ChatModelObservationContext context = ChatModelObservationContext.builder().prompt(requestPrompt)
                .provider(provider).streaming(true).build();
        Observation observation = ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
                .observation(null, CONVENTION, () -> context, registry).start();
        return new ChatObservation(context, observation);
    }

    /** The call answered: {@code model} (as the provider named it) with {@code text}, using these tokens. */
    public void answered(@Nullable String model, String text, int promptTokens, int completionTokens) {
        ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder()
                .usage(new DefaultUsage(promptTokens, completionTokens));
        if (model != null) {
            metadata.model(model);
        }
        context.setResponse(new ChatResponse(List.of(new Generation(new AssistantMessage(text))), metadata.build()));
        observation.stop();
    }

    /** The call was cancelled (a barge-in): ended without an error, as Spring AI ends a cancelled stream's. */
    public void cancelled() {
        observation.stop();
    }

    /** The call failed with {@code failure}. */
    public void failed(Throwable failure) {
        observation.error(failure);
        observation.stop();
    }
}
