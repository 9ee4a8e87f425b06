package dev.janus.app;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import dev.janus.app.chat.ChatCommand;
import dev.janus.app.migrate.MigrateKeysCommand;
import dev.janus.app.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The commands of {@code java -jar janus-app.jar}: {@code chat} (the terminal client), {@code replay} and
 * {@code migrate-keys}. Only a first argument naming one of them is parsed here; any other command line (none, or
 * Spring's {@code --janus.bus.type=redis}) starts the app, see {@link JanusApplication#main}.
 */
@Command(name = "java -jar janus-app.jar", mixinStandardHelpOptions = true,
        description = "Janus: without a command, runs the all-in-one app (every argument goes to Spring).",
        subcommands = { ChatCommand.class, ReplayCommand.class, MigrateKeysCommand.class })
public final class JanusCommandLine {

    /** The first arguments that are commands rather than the app's Spring arguments. */
    static final Set<String> COMMANDS = Set.of("chat", "replay", "migrate-keys");

    private JanusCommandLine() {
    }

    /** Whether {@code args} run a command (its first argument names one) instead of the app. */
    public static boolean isCommand(String... args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs the command {@code args} name, reading the user from {@code in}; returns the exit status. */
    public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        CommandLine commandLine = new CommandLine(new JanusCommandLine(), new Factory(reader));
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    /** Gives the commands that read from the user the reader of this run. */
    private record Factory(BufferedReader in) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ChatCommand.class) {
                return type.cast(new ChatCommand(in));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
