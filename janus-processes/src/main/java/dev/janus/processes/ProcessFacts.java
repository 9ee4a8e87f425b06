package dev.janus.processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the operating system says about a process, beyond {@link ProcessHandle}: on Linux from {@code /proc}, elsewhere
 * from {@link ProcessHandle} alone.
 */
public final class ProcessFacts {

    private static final int MAX_COMMAND_LINE_BYTES = 1024 * 1024;

    private ProcessFacts() {
    }

    /**
     * Whether {@code process} is alive and not a zombie. {@link ProcessHandle#isAlive()} also says yes for a process
     * that has exited but whose parent has not collected its status yet — for one whose parent died, until the init
     * process gets round to it.
     */
    public static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(proc(process, "stat"));
            // "pid (command) state ...": the command may hold spaces and parentheses, the state follows the last ')'
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        }
        catch (IOException | RuntimeException e) {
            return process.isAlive();
        }
    }

    /**
     * The command and its arguments, or an empty list when they cannot be read. {@link ProcessHandle.Info} gives no
     * arguments on Linux once the command line passes 4 KiB (a {@code java -cp} with a long class path).
     */
    public static List<String> commandLine(ProcessHandle process) {
        try {
            byte[] bytes = Files.readAllBytes(proc(process, "cmdline"));
            String line = new String(bytes, 0, Math.min(bytes.length, MAX_COMMAND_LINE_BYTES), StandardCharsets.UTF_8);
            return line.isEmpty() ? List.of() : List.of(line.split("\0"));
        }
        catch (IOException | RuntimeException e) {
            ProcessHandle.Info info = process.info();
            List<String> command = new ArrayList<>();
            info.command().ifPresent(command::add);
            info.arguments().ifPresent(arguments -> command.addAll(Arrays.asList(arguments)));
            return command;
        }
    }

    private static Path proc(ProcessHandle process, String file) {
        return Path.of("/proc", Long.toString(process.pid()), file);
    }
}
