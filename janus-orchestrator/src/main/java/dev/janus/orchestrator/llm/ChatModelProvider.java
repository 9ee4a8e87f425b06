package dev.janus.orchestrator.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import dev.janus.bus.config.PropertyCheck;
import dev.janus.events.LlmRequest;
import dev.janus.events.ToolCall;
import dev.janus.events.ToolResult;
import dev.janus.models.StoppedCall;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.util.MimeTypeUtils;

/**
 * A Spring AI {@link ChatModel} (OpenAI-compatible, Ollama, Anthropic) as a streaming provider. It streams the
 * assembled prompt ({@link PromptAssembler}, within the provider's token budget) through its {@link RoundStreaming}
 * (Spring AI's {@code ChatModel.stream}, or for OpenAI-compatible APIs the SDK's blocking client on the calling
 * thread), appending text to the reply as it comes. When the model asks for tools (the catalogue is offered when the
 * provider takes tools), the calls run over the bus ({@link ToolRounds}), their results go back to the model as a
 * tool response, and the model is streamed again; after {@code janus.llm.max-tool-rounds} rounds the model is asked
 * once more without tools, so it must answer in text. Each streamed round must finish within the provider's timeout
 * (waiting for tools does not count). Token counts are the provider's usage summed over the rounds; when it reports
 * none they are estimated ({@link PromptAssembler#estimate}) and marked so. When the provider takes images
 * ({@code janus.llm.providers.<name>.images}) and the stream has a recent video frame ({@link LatestFrames}), the
 * frame goes with the current user message as an image/jpeg {@link Media} (OpenAI-compatible APIs receive it as an
 * {@code image_url} part with a {@code data:} URL). Thread-safe.
 */
public final class ChatModelProvider implements StreamingProvider {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> ARGUMENTS = new TypeReference<>() {
    };

    private final String name;
    private final ChatModel model;
    private final RoundStreaming streaming;
    private final PromptAssembler assembler;
    private final ToolCatalogueView catalogue;
    private final ToolRounds tools;
    private final Duration timeout;
    private final int tokenBudget;
    private final boolean offersTools;
    private final int maxToolRounds;
    private final boolean showsImages;
    private final LatestFrames frames;

    ChatModelProvider(String name, ChatModel model, RoundStreaming streaming, PromptAssembler assembler,
            ToolCatalogueView catalogue, ToolRounds tools, LlmProperties properties, LatestFrames frames) {
        this.name = name;
        this.model = model;
        this.streaming = streaming;
        this.assembler = assembler;
        this.catalogue = catalogue;
        this.tools = tools;
        this.timeout = properties.timeoutOf(name);
        this.tokenBudget = properties.tokenBudgetOf(name);
        this.offersTools = properties.toolsOf(name);
        this.maxToolRounds = properties.maxToolRounds();
        this.showsImages = properties.imagesOf(name);
        this.frames = frames;
    }

    @Override
    public String name() {
        return name;
    }

    /** The model asked for when no variant overrides it. */
    public String configuredModel() {
        ChatOptions options = model.getOptions();
        String configured = options == null ? null : options.getModel();
        return configured == null || configured.isBlank() ? name : configured;
    }

    @Override
    public ProviderReply answer(LlmRequest request, ReplyInProgress reply, @Nullable String modelName,
            List<String> failures) throws Exception {
        List<Message> messages = new ArrayList<>(assembler.assemble(request, reply.request(), tokenBudget,
                latestFrame(reply.request().streamId())));
        List<ToolCallback> offered = offersTools ? catalogue.callbacks() : List.of();
        String asked = modelName != null ? modelName : configuredModel();
        Tokens tokens = new Tokens();
        for (int round = 1; ; round++) {
            boolean withTools = !offered.isEmpty() && round <= maxToolRounds;
            Prompt prompt = new Prompt(messages, options(modelName, withTools ? offered : List.of()));
            StreamedRound result = stream(prompt, reply);
            tokens.add(result, messages);
            if (result.toolCalls().isEmpty() || !withTools) {
                return new ProviderReply(result.model() != null ? result.model() : asked, tokens.prompt,
                        tokens.completion, tokens.estimated);
            }
            List<ToolCall> calls = calls(result.toolCalls(), round);
            messages.add(AssistantMessage.builder().content(result.text()).toolCalls(withIds(result.toolCalls(), calls))
                    .build());
            List<ToolResult> results = tools.run(reply, round, calls);
            List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>(results.size());
            for (ToolResult toolResult : results) {
                responses.add(new ToolResponseMessage.ToolResponse(toolResult.callId(), toolResult.toolName(),
                        toolResult.succeeded() ? String.valueOf(toolResult.output())
                                : "The tool failed: " + toolResult.error()));
            }
            messages.add(ToolResponseMessage.builder().responses(responses).build());
        }
    }

    /** The stream's recent video frame as an image, when this provider takes images and there is one. */
    private @Nullable Media latestFrame(String streamId) {
        if (!showsImages) {
            return null;
        }
        return frames.recent(streamId).map(frame -> Media.builder().mimeType(MimeTypeUtils.IMAGE_JPEG)
                .data(frame.jpeg()).name("frame-" + frame.sequence()).build()).orElse(null);
    }

    /** The provider's own options with the variant's model and the offered tools. */
    private ChatOptions options(@Nullable String modelName, List<ToolCallback> offered) {
        ChatOptions defaults = model.getOptions();
        if (defaults instanceof ToolCallingChatOptions toolOptions) {
            ToolCallingChatOptions.Builder<?> builder = toolOptions.mutate();
            if (modelName != null) {
                builder.model(modelName);
            }
            return builder.toolCallbacks(offered).build();
        }
        ChatOptions.Builder<?> builder = defaults.mutate();
        if (modelName != null) {
            builder.model(modelName);
        }
        return builder.build();
    }

    /** Streams one round into the reply, within the timeout, ended early by a cancellation. */
    private StreamedRound stream(Prompt prompt, ReplyInProgress reply) throws Exception {
        reply.throwIfCancelled();
        StreamedRound round = new StreamedRound(reply);
        try {
            streaming.stream(prompt, round, reply, timeout);
        }
        catch (TimeoutException e) {
            throw new ProviderTimeoutException(name + " did not finish streaming within "
                    + PropertyCheck.readable(timeout) + " (janus.llm.timeout)");
        }
        catch (CancellationException e) {
            throw e;
        }
        catch (Exception e) {
            reply.flush();
            throw e;
        }
        reply.flush();
        return round;
    }

    private List<ToolCall> calls(List<AssistantMessage.ToolCall> requested, int round) {
        List<ToolCall> calls = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            AssistantMessage.ToolCall call = requested.get(i);
            String id = call.id() == null || call.id().isBlank() ? "llm-" + round + "-" + (i + 1) : call.id();
            calls.add(new ToolCall(id, call.name(), arguments(call.arguments())));
        }
        return calls;
    }

    private static List<AssistantMessage.ToolCall> withIds(List<AssistantMessage.ToolCall> requested,
            List<ToolCall> calls) {
        List<AssistantMessage.ToolCall> identified = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            AssistantMessage.ToolCall call = requested.get(i);
            identified.add(new AssistantMessage.ToolCall(calls.get(i).callId(),
                    call.type() == null ? "function" : call.type(), call.name(), call.arguments()));
        }
        return identified;
    }

    private static Map<String, Object> arguments(@Nullable String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> parsed = JSON.readValue(json, ARGUMENTS);
            return parsed == null ? Map.of() : parsed;
        }
        catch (JacksonException e) {
            // the tool answers with a clear error about its arguments
            return Map.of("_unparsed_arguments", json);
        }
    }

    /** A provider attempt that did not finish in time. */
    public static final class ProviderTimeoutException extends RuntimeException implements StoppedCall {

        private final String reason;

        ProviderTimeoutException(String reason) {
            super(reason);
            this.reason = reason;
        }

        @Override
        public String reason() {
            return reason;
        }
    }

    /** Token counts summed over the rounds of one reply. */
    private static final class Tokens {

        private int prompt;
        private int completion;
        private boolean estimated;

        void add(StreamedRound round, List<Message> messages) {
            if (round.promptTokens() > 0 || round.completionTokens() > 0) {
                prompt += round.promptTokens();
                completion += round.completionTokens();
            }
            else {
                prompt += PromptAssembler.estimate(messages);
                completion += PromptAssembler.estimate(round.text());
                estimated = true;
            }
        }
    }
}
