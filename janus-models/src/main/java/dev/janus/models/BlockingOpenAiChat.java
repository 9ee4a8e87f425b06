package dev.janus.models;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import com.openai.client.OpenAIClient;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import io.micrometer.observation.ObservationRegistry;
import okhttp3.Call;
import okhttp3.Interceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.observation.conventions.AiProvider;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;

/**
 * Spring AI's OpenAI chat model with its blocking SDK client, streaming a reply on the calling thread: the request is
 * the one {@link OpenAiChatModel#stream} sends (Spring AI builds it: the messages, images, options and tool
 * definitions), sent and read by the SDK's blocking client, so the thread that asks is the thread that reads. Spring
 * AI's own {@code stream} goes through the SDK's asynchronous client, whose request crosses three threads before its
 * first chunk reaches the caller (the common fork-join pool, OkHttp's dispatcher, the SDK's stream handler); each
 * crossing waits for a core, which on a busy 2-core machine was most of the LLM component's overhead.
 * <p>
 * Spring AI keeps that request builder to itself ({@code buildRequestPrompt}, {@code createRequest} and
 * {@code buildRequestOptions} are not public), so this class reaches it by reflection, once, when it is built: a
 * Spring AI that renames them fails at start-up (and in {@code ChatModelsTests}), never at a request. Spring AI's
 * observation of the call is the caller's to make ({@link #observe}), since only the caller reads the reply; what
 * Spring AI's {@code stream} adds and this does not is the merging of chunks into Spring AI's types (the caller reads
 * the SDK's chunks).
 * <p>
 * A stream is stopped by its {@link Cancellation}, from any thread, at once: it cancels the HTTP call, whose socket
 * closes under the reading thread (closing the SDK's stream instead would wait for the reader's lock, held while it
 * waits for the provider's next bytes). Thread-safe.
 */
public final class BlockingOpenAiChat {

    private static final MethodHandle BUILD_REQUEST_PROMPT;
    private static final MethodHandle CREATE_REQUEST;
    private static final MethodHandle BUILD_REQUEST_OPTIONS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(OpenAiChatModel.class, MethodHandles.lookup());
            BUILD_REQUEST_PROMPT = lookup.findVirtual(OpenAiChatModel.class, "buildRequestPrompt",
                    MethodType.methodType(Prompt.class, Prompt.class));
            CREATE_REQUEST = lookup.findVirtual(OpenAiChatModel.class, "createRequest",
                    MethodType.methodType(ChatCompletionCreateParams.class, Prompt.class, boolean.class));
            BUILD_REQUEST_OPTIONS = lookup.findVirtual(OpenAiChatModel.class, "buildRequestOptions",
                    MethodType.methodType(RequestOptions.class, Prompt.class));
        }
        catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("this Spring AI's OpenAiChatModel has no request builder Janus "
                    + "knows (buildRequestPrompt, createRequest, buildRequestOptions): " + e);
        }
    }

    /** The cancellation of the stream the current thread is opening, for {@link #BINDS_CALLS}. */
    private static final ThreadLocal<@Nullable Cancellation> OPENING = new ThreadLocal<>();

    /**
     * Binds each HTTP call of the blocking client to the cancellation of the stream its thread is opening (the
     * blocking client runs its interceptors on the caller's thread).
     */
    static final OpenAiHttpClientBuilderCustomizer BINDS_CALLS = builder -> builder.interceptor(
            (Interceptor) chain -> {
                Cancellation cancellation = OPENING.get();
                if (cancellation != null) {
                    cancellation.bind(chain.call());
                }
                return chain.proceed(chain.request());
            });

    private final OpenAiChatModel model;
    private final OpenAIClient client;
    private final ObservationRegistry observations;

    BlockingOpenAiChat(OpenAiChatModel model, OpenAIClient client, ObservationRegistry observations) {
        this.model = model;
        this.client = client;
        this.observations = observations;
    }

    /** The Spring AI model: its options, and whole calls. */
    public OpenAiChatModel model() {
        return model;
    }

    /**
     * Starts Spring AI's observation of a call of {@code requestPrompt} ({@link #requestPrompt}), as its
     * {@code stream} would (the caller ends it with the call): the one thing of Spring AI's streaming this client
     * would otherwise skip.
     */
    public ChatObservation observe(Prompt requestPrompt) {
        return ChatObservation.start(requestPrompt, AiProvider.OPENAI.value(), observations);
    }

    /**
     * Sends {@code requestPrompt} ({@link #requestPrompt}) as Spring AI's {@code stream} would and returns the open
     * stream of its chunks, read on the caller's thread. Blocks until the response's headers arrive; throws the SDK's
     * exceptions for an error status, and an I/O exception once {@code cancellation} has stopped it (before or after
     * it opened).
     */
    @SuppressWarnings("MustBeClosedChecker") // the caller closes the returned stream
    public StreamResponse<ChatCompletionChunk> stream(Prompt requestPrompt, Cancellation cancellation) {
        ChatCompletionCreateParams request;
        RequestOptions options;
        try {
            request = (ChatCompletionCreateParams) CREATE_REQUEST.invoke(model, requestPrompt, true);
            options = (RequestOptions) BUILD_REQUEST_OPTIONS.invoke(model, requestPrompt);
        }
        catch (RuntimeException | Error e) {
            throw e;
        }
        catch (Throwable e) {
            throw new IllegalStateException("Spring AI could not build the request: " + e.getMessage(), e);
        }
        OPENING.set(cancellation);
        try {
            return client.chat().completions().createStreaming(request, options);
        }
        finally {
            OPENING.remove();
        }
    }

    /** {@code prompt} with the model's default options merged in: what Spring AI sends, and observes. */
    public Prompt requestPrompt(Prompt prompt) {
        try {
            return (Prompt) BUILD_REQUEST_PROMPT.invoke(model, prompt);
        }
        catch (RuntimeException | Error e) {
            throw e;
        }
        catch (Throwable e) {
            throw new IllegalStateException("Spring AI could not build the request: " + e.getMessage(), e);
        }
    }

    /** Stops one stream: before its request is sent, while it waits for the headers, or while it is read. */
    public static final class Cancellation {

        private @Nullable Call call;
        private boolean cancelled;

        synchronized void bind(Call opened) {
            call = opened;
            if (cancelled) {
                opened.cancel();
            }
        }

        /** Cancels the stream's HTTP call; returns at once, the reading thread fails with an I/O exception. */
        public void cancel() {
            Call opened;
            synchronized (this) {
                cancelled = true;
                opened = call;
            }
            if (opened != null) {
                opened.cancel();
            }
        }
    }
}
