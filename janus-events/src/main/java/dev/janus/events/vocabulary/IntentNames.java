package dev.janus.events.vocabulary;

/**
 * The intent labels that components act on by name: the orchestrator's classifier publishes them in
 * {@code orchestrator.intent.classified}, the LLM component's offline responder answers by them. Other labels may be
 * configured; these must keep their names.
 */
public final class IntentNames {

    /** A greeting: the offline responder introduces Janus. */
    public static final String GREETING = "greeting";

    /** A request for help: the offline responder says what Janus can do. */
    public static final String HELP = "help";

    /** A question, the default label. */
    public static final String QUESTION = "question";

    /** Something to remember: a statement about the user, or a command to remember. */
    public static final String REMEMBER = "remember";

    private IntentNames() {
    }
}
