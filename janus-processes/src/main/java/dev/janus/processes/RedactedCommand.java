package dev.janus.processes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A command line as it may be logged: what looks like a secret is replaced by {@code ***} — the value of a
 * {@code name=value} or {@code Name: value} argument or of the argument after a flag whose name says key, token,
 * secret, password, auth or credential; the user information of a URL; an argument that looks like a key itself (20 or more letters,
 * digits, {@code -_+=}, with at least three of each of letters and digits) — and long arguments are shortened.
 * A process's environment never appears. Plain code, linear in the length of the command.
 */
public final class RedactedCommand {

    static final String HIDDEN = "***";
    private static final int MAX_ARGUMENT_CHARS = 160;
    private static final int MAX_CHARS = 1_000;
    private static final List<String> SECRET_WORDS = List.of("key", "token", "secret", "passw", "pwd", "auth",
            "credential", "cookie");

    private RedactedCommand() {
    }

    /** The command and its arguments, redacted and joined by spaces. */
    public static String of(List<String> command) {
        List<String> shown = new ArrayList<>(command.size());
        boolean hideNext = false;
        for (String argument : command) {
            shown.add(shorten(hideNext ? HIDDEN : redact(argument)));
            hideNext = argument.startsWith("-") && argument.indexOf('=') < 0 && namesSecret(argument);
        }
        String line = String.join(" ", shown);
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS) + "… (" + line.length() + " chars)";
    }

    private static String redact(String argument) {
        int scheme = argument.indexOf("://");
        if (scheme > 0) {
            int hostStart = scheme + 3;
            int pathStart = indexOf(argument, '/', hostStart);
            int at = argument.lastIndexOf('@', pathStart - 1);
            if (at >= hostStart) {
                argument = argument.substring(0, hostStart) + HIDDEN + argument.substring(at);
            }
        }
        int equals = argument.indexOf('=');
        if (equals > 0 && namesSecret(argument.substring(0, equals))) {
            return argument.substring(0, equals + 1) + HIDDEN;
        }
        int colon = argument.indexOf(':');
        if (colon > 0 && isWord(argument.substring(0, colon)) && namesSecret(argument.substring(0, colon))) {
            return argument.substring(0, colon + 1) + " " + HIDDEN;
        }
        return looksLikeAKey(argument) ? HIDDEN : argument;
    }

    /** A header-like name ({@code Authorization}, {@code X-Api-Key}), not a path or a URL. */
    private static boolean isWord(String name) {
        return name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    private static boolean namesSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    private static boolean looksLikeAKey(String argument) {
        if (argument.length() < 20) {
            return false;
        }
        int letters = 0;
        int digits = 0;
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
            else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                letters++;
            }
            else if (c != '-' && c != '_' && c != '+' && c != '=') {
                return false;
            }
        }
        return letters >= 3 && digits >= 3;
    }

    private static String shorten(String argument) {
        return argument.length() <= MAX_ARGUMENT_CHARS ? argument
                : argument.substring(0, MAX_ARGUMENT_CHARS) + "… (" + argument.length() + " chars)";
    }

    private static int indexOf(String text, char c, int from) {
        int index = text.indexOf(c, from);
        return index < 0 ? text.length() : index;
    }
}
