package dev.janus.orchestrator.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.janus.models.BlockingOpenAiChat;
import dev.janus.models.ChatObservation;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A round streamed from an OpenAI-compatible API by the SDK's blocking client ({@link BlockingOpenAiChat}) on the
 * calling thread: the one thread sends the request, reads the chunks and appends their text to the reply, where
 * Spring AI's {@code stream} crosses three more threads before the first piece arrives. A cancellation of the reply
 * (at once), the end of the timeout or an interrupt of the calling thread (the bus's hard stop, its handler timeout;
 * a blocked socket read does not see an interrupt, so a shared timer thread looks at each call every
 * {@value #CHECK_MILLIS} ms) cancels the HTTP call, whose socket closes under the reading thread: it stops at once,
 * whether it is reading the reply or still waiting for the provider's first byte.
 * A tool call arrives in fragments (its id and name first, its arguments in pieces, all under one index); the
 * fragments are joined and the calls recorded when the stream ends. A chunk's missing fields are skipped rather than
 * failing the reply (OpenAI-compatible servers differ in what they send). Each round is observed as Spring AI's own
 * streaming observes it ({@link ChatObservation}).
 */
final class OpenAiRoundStreaming implements RoundStreaming {

    /** Cancels the calls that outlast their timeout, or whose thread was interrupted. */
    private static final ScheduledExecutorService WATCH = watch();

    /** How often {@link #WATCH} looks at a call (its timeout, if shorter). */
    static final long CHECK_MILLIS = 100;

    private final BlockingOpenAiChat chat;

    OpenAiRoundStreaming(BlockingOpenAiChat chat) {
        this.chat = chat;
    }

    @Override
    public void stream(Prompt prompt, StreamedRound round, ReplyInProgress reply, Duration timeout) throws Exception {
        Prompt request = chat.requestPrompt(prompt);
        ChatObservation observation = chat.observe(request);
        try {
            streamObserved(request, round, reply, timeout);
        }
        catch (CancellationException e) {
            observation.cancelled();
            throw e;
        }
        catch (Throwable e) {
            observation.failed(e);
            throw e;
        }
        observation.answered(round.model(), round.text(), round.promptTokens(), round.completionTokens());
    }

    private void streamObserved(Prompt request, StreamedRound round, ReplyInProgress reply, Duration timeout)
            throws Exception {
        BlockingOpenAiChat.Cancellation cancellation = new BlockingOpenAiChat.Cancellation();
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread caller = Thread.currentThread();
        AtomicBoolean timedOut = new AtomicBoolean();
        long period = Math.max(1, Math.min(CHECK_MILLIS, timeout.toMillis()));
        ScheduledFuture<?> watch = WATCH.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - deadline >= 0) {
                timedOut.set(true);
                cancellation.cancel();
            }
            else if (caller.isInterrupted()) {
                cancellation.cancel();
            }
        }, period, period, TimeUnit.MILLISECONDS);
        try {
            reply.onCancel(cancellation::cancel);
            try (StreamResponse<ChatCompletionChunk> response = chat.stream(request, cancellation)) {
                ToolCallFragments calls = new ToolCallFragments();
                response.stream().forEach(chunk -> take(chunk, round, calls));
                calls.joined().forEach(round::toolCall);
            }
        }
        catch (RuntimeException e) {
            reply.throwIfCancelled();
            if (timedOut.get()) {
                throw new TimeoutException("the call was cancelled at its deadline");
            }
            if (caller.isInterrupted()) {
                // the flag stays set, so that the lane stops too
                throw new InterruptedException("the call was cancelled: its thread was interrupted");
            }
            throw e;
        }
        finally {
            watch.cancel(false);
            reply.onCancel(null);
        }
        reply.throwIfCancelled();
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

    private static ScheduledExecutorService watch() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "janus-llm-stream-watch");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
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
