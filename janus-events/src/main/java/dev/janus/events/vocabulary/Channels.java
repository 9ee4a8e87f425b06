package dev.janus.events.vocabulary;

/**
 * The channels Janus names in {@code context.channel} and {@code FormattedResponse.channel}: where a message came in
 * and so how its reply is shaped. Input sets them, the orchestrator carries them into the reply, output formats by
 * them ({@link #VOICE}: plain text to be spoken, {@link #WEBHOOK}: JSON, any other: Markdown as for {@link #CHAT}).
 */
public final class Channels {

    /** The chat WebSocket, and the channel of a reply whose message named none. */
    public static final String CHAT = "chat";

    /** The REST interface's messages. */
    public static final String REST = "rest";

    /** The audio WebSocket: transcribed speech in, spoken replies out. */
    public static final String VOICE = "voice";

    /** The video WebSocket's frames. */
    public static final String VIDEO = "video";

    /** Replies and suggestions POSTed to the configured webhook. */
    public static final String WEBHOOK = "webhook";

    private Channels() {
    }
}
