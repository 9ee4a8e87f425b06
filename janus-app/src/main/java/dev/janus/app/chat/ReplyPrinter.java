package dev.janus.app.chat;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Writes what arrives on the chat socket to the terminal: the deltas of a reply as they come (on one line that the
 * {@code response} frame completes), tool progress, tool results, suggestions, interruptions and errors. Called by
 * the socket's thread and the user's; every write is synchronised, and a line left open by a delta is closed before
 * anything else is written. It also knows which of the client's messages still await their reply, so the chat can
 * end once they have come.
 */
final class ReplyPrinter {

    private final PrintWriter out;
    /** Per correlation id: the text streamed so far and the last delta's sequence. */
    private final Map<String, Streamed> streamed = new HashMap<>();
    /**
     * The frames sent that the server has not answered yet, oldest first ({@code message}, {@code interrupt},
     * {@code feedback}): it answers a socket's frames in order, with {@code accepted}, {@code interrupted} or
     * {@code error}.
     */
    private final Deque<String> unanswered = new ArrayDeque<>();
    /** Correlation ids of the client's messages whose reply has not come yet. */
    private final Set<String> awaiting = new HashSet<>();
    /** Replies shown whole already, so a delta that arrives after its reply (they are different events) is not. */
    private final Set<String> finished = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 1_000;
        }
    });
    private boolean lineOpen;
    /** The reply whose deltas the open line shows. */
    private String openReply = "";

    ReplyPrinter(PrintWriter out) {
        this.out = out;
    }

    synchronized void frame(JsonNode frame) {
        String type = frame.path("type").stringValue("");
        switch (type) {
            case "accepted" -> {
                String sent = unanswered.poll();
                if ("message".equals(sent)) {
                    awaiting.add(frame.path("correlation_id").stringValue(""));
                }
                else if ("feedback".equals(sent)) {
                    line("  (feedback sent)");
                }
            }
            case "delta" -> delta(frame);
            case "response" -> response(frame);
            case "tool_progress" -> line("  … " + frame.path("tool_name").stringValue("tool") + " "
                    + Math.round(frame.path("fraction").asDouble() * 100) + "%: "
                    + frame.path("message").stringValue(""));
            case "suggestion" -> line("  suggestion " + frame.path("id").stringValue("") + " ("
                    + frame.path("kind").stringValue("") + "): " + frame.path("text").stringValue("")
                    + "   [/accept " + frame.path("id").stringValue("") + " or /dismiss "
                    + frame.path("id").stringValue("") + "]");
            case "interrupted" -> {
                unanswered.poll();
                line("  (stopped)");
            }
            case "error" -> {
                unanswered.poll();
                line("  error " + frame.path("code").stringValue("") + ": " + frame.path("message").stringValue(""));
            }
            default -> {
                // frames of later versions: nothing to show
            }
        }
        notifyAll();
    }

    /** The client sent a frame of {@code type}; a {@code message}'s reply is awaited. */
    synchronized void sent(String type) {
        unanswered.add(type);
    }

    /** Waits until every message sent has its reply, or {@code timeout} passed; returns whether they all came. */
    synchronized boolean awaitReplies(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unanswered.contains("message") || !awaiting.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** A line of the client's own (help, memories, confirmations). */
    synchronized void line(String text) {
        closeLine();
        out.println(text);
        out.flush();
    }

    private void delta(JsonNode frame) {
        String correlationId = frame.path("correlation_id").stringValue("");
        int sequence = frame.path("sequence").asInt();
        if (finished.contains(correlationId)) {
            return;
        }
        Streamed reply = streamed.computeIfAbsent(correlationId, id -> new Streamed());
        if (sequence <= reply.sequence) {
            return;
        }
        if (!lineOpen || !openReply.equals(correlationId)) {
            // another reply's deltas: its own line, with what it had so far
            closeLine();
            out.print("janus> " + reply.text);
            openReply = correlationId;
        }
        reply.sequence = sequence;
        String text = frame.path("text").stringValue("");
        reply.text.append(text);
        out.print(text);
        out.flush();
        lineOpen = true;
    }

    private void response(JsonNode frame) {
        String text = frame.path("text").stringValue("");
        String correlationId = frame.path("correlation_id").stringValue("");
        awaiting.remove(correlationId);
        finished.add(correlationId);
        Streamed reply = streamed.remove(correlationId);
        if (reply != null && lineOpen && openReply.equals(correlationId) && text.startsWith(reply.text.toString())) {
            out.println(text.substring(reply.text.length()));
            lineOpen = false;
        }
        else if (reply == null || !reply.text.toString().strip().equals(text.strip())) {
            closeLine();
            out.println("janus> " + text);
        }
        else {
            closeLine();
        }
        for (JsonNode result : frame.path("tool_results")) {
            String error = result.path("error").stringValue(null);
            out.println("  [" + result.path("tool_name").stringValue("tool") + ": "
                    + (error == null ? "ok" : "failed (" + error + ")") + " in " + result.path("duration_ms").asLong()
                    + " ms]");
        }
        out.flush();
    }

    private void closeLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    private static final class Streamed {
        final StringBuilder text = new StringBuilder();
        int sequence = -1;
    }
}
