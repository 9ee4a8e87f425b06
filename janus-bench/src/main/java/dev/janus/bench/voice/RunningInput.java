package dev.janus.bench.voice;

import java.net.URI;

import dev.janus.bus.EventBus;
import dev.janus.bus.memory.InMemoryEventBus;
import dev.janus.input.InputApplication;
import dev.janus.input.audio.VoiceProperties;
import dev.janus.input.transcription.OpenAiTranscriptionEngine;
import dev.janus.input.transcription.TranscriptionEngine;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The input service started in this JVM as its main starts it ({@link InputApplication} with {@code janus-input.yml}),
 * but on the in-memory bus, on a free loopback port, with the given voice activity detector, the OpenAI-compatible
 * transcription engine pointed at the bench's server and speech out off. Close it to close the context.
 */
final class RunningInput implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningInput(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts the application.
     *
     * @param transcriptionUrl the OpenAI-compatible transcription server
     * @param vadEngine the voice activity detector, {@code janus.input.voice.vad.engine}
     * @throws IllegalStateException when the context did not come up on the in-memory bus with the OpenAI engine
     */
    static RunningInput start(String transcriptionUrl, String vadEngine) {
        // Command-line arguments, not default properties: janus-input.yml sets janus.bus.type=redis and the port, and
        // a config file outranks SpringApplication's default properties.
        String[] arguments = { "--janus.bus.type=memory", "--server.port=0", "--server.address=127.0.0.1",
                "--janus.input.voice.transcription.engine=" + OpenAiTranscriptionEngine.NAME,
                "--janus.input.voice.transcription.openai.url=" + transcriptionUrl,
                "--janus.input.voice.transcription.openai.model=bench-instant",
                "--janus.input.voice.speech.engine=none", "--janus.input.voice.vad.engine=" + vadEngine };
        RunningInput app = new RunningInput(new SpringApplicationBuilder(InputApplication.class)
                .bannerMode(Banner.Mode.OFF)
                .properties("spring.config.name=" + InputApplication.CONFIG_NAME)
                .run(arguments));
        try {
            app.verify();
        }
        catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** The application's bus: subscribe to it as another component in the same JVM would. */
    EventBus bus() {
        return context.getBean(EventBus.class);
    }

    /** The voice configuration in effect (the detector's hang-over among it). */
    VoiceProperties voice() {
        return context.getBean(VoiceProperties.class);
    }

    /** {@code ws://127.0.0.1:<port>/ws/audio}. */
    URI audioSocket() {
        String port = context.getEnvironment().getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("the input service published no local.server.port");
        }
        return URI.create("ws://127.0.0.1:" + port + "/ws/audio");
    }

    @Override
    public void close() {
        context.close();
    }

    private void verify() {
        if (!(bus() instanceof InMemoryEventBus)) {
            throw new IllegalStateException("the input service runs on " + bus().getClass().getSimpleName()
                    + ", not the in-memory bus");
        }
        TranscriptionEngine engine = context.getBean(TranscriptionEngine.class);
        if (!(engine instanceof OpenAiTranscriptionEngine)) {
            throw new IllegalStateException("the input service transcribes with '" + engine.name() + "', not the "
                    + "OpenAI-compatible engine");
        }
    }
}
