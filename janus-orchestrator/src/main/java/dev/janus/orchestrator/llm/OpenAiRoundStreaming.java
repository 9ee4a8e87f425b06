package dev.janus.orchestrator.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import dev.janus.models.BlockingOpenAiChat;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A round streamed from an OpenAI-compatible API by the SDK's blocking client ({@link BlockingOpenAiChat}) on a
 * reader thread: that one thread sends the request, reads the chunks and appends their text to the reply, where
 * Spring AI's {@code stream} crosses three threads before the first piece arrives. The provider's own thread only
 * waits for the round, so an interruption or the timeout frees it at once; stopping the round cancels its HTTP call,
 * which ends the reader's wait for the provider's next bytes (or for its first).
 * A tool call arrives in fragments (its id and name first, its arguments in pieces, all under one index); the
 * fragments are joined and the calls recorded when the stream ends. A chunk's missing fields are skipped rather than
 * failing the reply (OpenAI-compatible servers differ in what they send).
 */
final class OpenAiRoundStreaming implements RoundStreaming {

    /** One thread per streaming round, kept for a minute once idle (rounds are as many as the LLM lanes waiting). */
    private static final Executor READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "janus-llm-stream-reader");
        thread.setDaemon(true);
        return thread;
    });

    private final BlockingOpenAiChat chat;

    OpenAiRoundStreaming(BlockingOpenAiChat chat) {
        this.chat = chat;
    }

    @Override
    public Runnable start(Prompt prompt, StreamedRound round, CompletableFuture<Void> done) {
        BlockingOpenAiChat.Cancellation cancellation = new BlockingOpenAiChat.Cancellation();
        READERS.execute(() -> read(prompt, round, done, cancellation));
        return cancellation::cancel;
    }

    private void read(Prompt prompt, StreamedRound round, CompletableFuture<Void> done,
            BlockingOpenAiChat.Cancellation cancellation) {
        try (StreamResponse<ChatCompletionChunk> response = chat.stream(prompt, cancellation)) {
            ToolCallFragments calls = new ToolCallFragments();
            response.stream().forEach(chunk -> take(chunk, round, calls));
            calls.joined().forEach(round::toolCall);
            done.complete(null);
        }
        catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        catch (Error e) {
            done.completeExceptionally(e);
            throw e;
        }
    }

    private static void take(ChatCompletionChunk chunk, StreamedRound round, ToolCallFragments calls) {
        chunk._model().asKnown().ifPresent(round::model);
        chunk.usage().ifPresent(usage -> round.usage(tokens(usage._promptTokens().asKnown().orElse(0L)),
                tokens(usage._completionTokens().asKnown().orElse(0L))));
        for (ChatCompletionChunk.Choice choice : chunk._choices().asKnown().orElse(List.of())) {
            choice._delta().asKnown().ifPresent(delta -> {
                round.append(delta.content().orElse(null));
                delta.toolCalls().ifPresent(fragments -> fragments.forEach(calls::add));
            });
        }
    }

    private static int tokens(long count) {
        return (int) Math.min(count, Integer.MAX_VALUE);
    }

    /** The fragments of a round's tool calls, joined by their index. */
    private static final class ToolCallFragments {

        private final Map<Long, Fragments> calls = new LinkedHashMap<>();

        void add(ChatCompletionChunk.Choice.Delta.ToolCall fragment) {
            long index = fragment._index().asKnown().orElse((long) calls.size());
            Fragments call = calls.computeIfAbsent(index, ignored -> new Fragments());
            fragment.id().ifPresent(id -> call.id = id);
            fragment.type().ifPresent(type -> call.type = type.asString());
            fragment.function().ifPresent(function -> {
                function.name().ifPresent(name -> call.name = name);
                function.arguments().ifPresent(call.arguments::append);
            });
        }

        List<AssistantMessage.ToolCall> joined() {
            List<AssistantMessage.ToolCall> joined = new ArrayList<>(calls.size());
            for (Fragments call : calls.values()) {
                joined.add(new AssistantMessage.ToolCall(call.id, call.type, call.name, call.arguments.toString()));
            }
            return joined;
        }

        private static final class Fragments {

            private String id = "";
            private String type = "function";
            private String name = "";
            private final StringBuilder arguments = new StringBuilder();
        }
    }
}
