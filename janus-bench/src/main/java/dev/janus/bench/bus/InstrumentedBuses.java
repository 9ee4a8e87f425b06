package dev.janus.bench.bus;

import java.util.Collection;

import dev.janus.bus.config.BusProperties;
import dev.janus.bus.autoconfigure.BusAutoConfiguration;
import dev.janus.bus.internal.BusMetrics;
import dev.janus.bus.internal.BusTracing;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.bus.redis.RedisEventBus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Builds bus engines the way the application runs them: metrics in a Prometheus registry, publishes and handlings
 * traced by an OpenTelemetry SDK with Spring Boot's parent-based sampler (10% of new flows by default, or a given
 * share) that hands finished spans to a batch processor (whose exporter discards them, as if the collector were
 * infinitely fast). Close it to stop the span processor.
 */
public final class InstrumentedBuses implements AutoCloseable {

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OpenTelemetrySdk openTelemetry;
    private final double sampled;

    /** Buses with production metrics and tracing at Spring Boot's default sampling. */
    public InstrumentedBuses() {
        this(BusTracing.DEFAULT_PROBABILITY);
    }

    /**
     * Buses with production metrics, tracing the share {@code sampled} of new flows (0 turns tracing off, to show
     * what it costs; 1 traces every event).
     */
    public InstrumentedBuses(double sampled) {
        this.sampled = sampled;
        this.openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(sampled)))
                        .addSpanProcessor(BatchSpanProcessor.builder(new DiscardingExporter()).build())
                        .build())
                .build();
    }

    /** An in-memory bus with the given settings. */
    public InMemoryEventBus inMemory(BusProperties properties) {
        return new InMemoryEventBus(properties, new BusMetrics(meters), tracing(),
                BusAutoConfiguration.circuitBreakers(properties, meters));
    }

    /** A Redis Streams bus with the given settings. */
    public RedisEventBus redis(BusProperties properties) {
        return new RedisEventBus(properties, new BusMetrics(meters), tracing(),
                BusAutoConfiguration.circuitBreakers(properties, meters));
    }

    private BusTracing tracing() {
        return sampled > 0 ? new BusTracing(openTelemetry, sampled) : BusTracing.noop();
    }

    /** The registry the buses count in. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        openTelemetry.close();
        meters.close();
    }

    /** Bus settings with every default except the engine and, for Redis, the URL. */
    public static BusProperties redisSettings(String url) {
        return new BusProperties(BusProperties.BusType.REDIS, null, null, null, null, null, null, null, null,
                new BusProperties.Redis(url, null, null, null, null, null, null, null, null, null), null, null);
    }

    private static final class DiscardingExporter implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
