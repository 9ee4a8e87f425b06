package dev.janus.models.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;

/**
 * A MiniLM model (either of the two shipped jars' networks) whose ONNX session computes a sentence on the calling
 * thread alone: one intra-op thread ({@link MiniLmNetwork}).
 * <p>
 * The jars' own model classes open ONNX Runtime's default session, which runs every sentence on a pool of one thread
 * per core that spins while it waits for the next piece of work: about twice the CPU per sentence for the same wall
 * time, and callers on different threads queue for the one pool. With one intra-op thread callers run side by side
 * (the measured figures are in the README, Embedding models).
 * <p>
 * One network per model serves every instance in the JVM (a session is safe to run from many threads), as the jars'
 * classes also share one.
 */
final class CallerThreadMiniLm implements EmbeddingModel {

    private static final Map<String, MiniLmNetwork> NETWORKS = new ConcurrentHashMap<>();

    private final MiniLmNetwork network;
    private final Executor executor;

    /**
     * @param id {@value EmbeddingModels#MINILM_QUANTIZED} or {@value EmbeddingModels#MINILM}
     * @param executor runs the texts of a batch ({@code embedAll}) side by side
     */
    CallerThreadMiniLm(String id, Executor executor) {
        this.network = NETWORKS.computeIfAbsent(id, MiniLmNetwork::open);
        this.executor = executor;
    }

    @Override
    public Response<Embedding> embed(String text) {
        MiniLmNetwork.Embedded embedded = network.embed(text);
        return Response.from(Embedding.from(embedded.vector()), new TokenUsage(embedded.tokens()));
    }

    @Override
    public Response<Embedding> embed(TextSegment segment) {
        return embed(segment.text());
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        if (segments.size() == 1) {
            return embedded(List.of(network.embed(segments.get(0).text())));
        }
        List<CompletableFuture<MiniLmNetwork.Embedded>> parts = new ArrayList<>(segments.size());
        for (TextSegment segment : segments) {
            parts.add(CompletableFuture.supplyAsync(() -> network.embed(segment.text()), executor));
        }
        return embedded(parts.stream().map(CompletableFuture::join).toList());
    }

    private static Response<List<Embedding>> embedded(List<MiniLmNetwork.Embedded> texts) {
        List<Embedding> embeddings = new ArrayList<>(texts.size());
        int tokens = 0;
        for (MiniLmNetwork.Embedded text : texts) {
            embeddings.add(Embedding.from(text.vector()));
            tokens += text.tokens();
        }
        return Response.from(embeddings, new TokenUsage(tokens));
    }

    @Override
    public int dimension() {
        return MiniLmNetwork.DIMENSION;
    }
}
