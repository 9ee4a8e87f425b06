package dev.janus.orchestrator.llm;

import dev.janus.events.GeneratedResponse;
import dev.janus.events.JanusEvent;
import dev.janus.events.LlmRequest;

/**
 * A provider of replies: the embedded {@link OfflineResponder}, and later OpenAI-compatible, Ollama
 * or Anthropic adapters. The LLM component picks one by {@link #provider()} from
 * {@code janus.llm.provider}; a new provider is a new bean implementing this interface, nothing else
 * changes. Implementations are thread-safe; {@code generate} may block for the whole generation (it
 * runs on a bus worker of the {@code janus-llm} group) and throws when the provider failed, which
 * makes the bus retry and finally dead-letter the request.
 */
public interface ResponseGenerator {

    /** The name {@code janus.llm.provider} selects this generator by, e.g. {@code offline}. */
    String provider();

    /**
     * The reply to {@code request}.
     *
     * @param request what to answer: the message, its intent, the assembled context, tool results and the
     *        branches that did not answer
     * @param requestEvent the {@code orchestrator.llm.requested} event carrying it, for the stream, the user
     *        and the trace
     * @return the reply with the provider, model, token counts and the time the generation took
     */
    GeneratedResponse generate(LlmRequest request, JanusEvent requestEvent) throws Exception;
}
