package dev.janus.app.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What changed between a recording and its replay, per request: the reply (as a word diff), the intent, the tools
 * called and their arguments, the facts written; latency beside them, which is reported but never counted as a
 * change (it always differs). Totals first.
 *
 * @param totals how many requests were compared and how many changed, in all and per aspect
 * @param requests each request, in the order of the messages
 */
public record ReplayReport(Totals totals, List<RequestDiff> requests) {

    /** Compares the recorded outcomes with the replayed ones, request by request. */
    public static ReplayReport compare(Map<String, Outcome> recorded, Map<String, Outcome> replayed) {
        List<RequestDiff> requests = new ArrayList<>();
        for (Outcome before : recorded.values()) {
            requests.add(RequestDiff.of(before, replayed.get(before.correlationId())));
        }
        int changed = (int) requests.stream().filter(request -> !request.changes().isEmpty()).count();
        return new ReplayReport(new Totals(requests.size(), changed, count(requests, "reply"), count(requests, "intent"),
                count(requests, "tools"), count(requests, "facts"), count(requests, "missing")), requests);
    }

    /** Whether nothing but latency differs. */
    public boolean identical() {
        return totals.changed() == 0;
    }

    private static int count(List<RequestDiff> requests, String aspect) {
        return (int) requests.stream().filter(request -> request.changes().contains(aspect)).count();
    }

    /**
     * @param requests requests compared
     * @param changed requests with any change
     * @param replies requests whose reply text changed
     * @param intents requests whose intent changed
     * @param tools requests whose tool calls changed
     * @param facts requests whose written facts changed
     * @param missing requests the replay did not answer
     */
    public record Totals(int requests, int changed, @JsonProperty("replies_changed") int replies,
            @JsonProperty("intents_changed") int intents, @JsonProperty("tools_changed") int tools,
            @JsonProperty("facts_changed") int facts, @JsonProperty("not_replayed") int missing) {
    }

    /**
     * One request.
     *
     * @param correlationId the request
     * @param streamId its stream
     * @param message what the user said
     * @param changes the aspects that differ: {@code reply}, {@code intent}, {@code tools}, {@code facts},
     *        {@code missing}
     * @param reply the reply's word diff
     * @param intent recorded and replayed intent
     * @param tools recorded and replayed tool calls
     * @param facts recorded and replayed facts
     * @param latencyMs recorded and replayed latency
     */
    public record RequestDiff(@JsonProperty("correlation_id") String correlationId,
            @JsonProperty("stream_id") String streamId, String message, List<String> changes, List<WordDiff.Span> reply,
            Pair<@Nullable String> intent, Pair<List<String>> tools, Pair<List<String>> facts,
            @JsonProperty("latency_ms") Pair<@Nullable Long> latencyMs) {

        static RequestDiff of(Outcome before, @Nullable Outcome after) {
            List<String> changes = new ArrayList<>();
            if (after == null) {
                changes.add("missing");
                return new RequestDiff(before.correlationId(), before.streamId(), before.message(), changes,
                        WordDiff.of(before.reply(), null), new Pair<>(before.intent(), null),
                        new Pair<>(before.tools(), List.of()), new Pair<>(before.facts(), List.of()),
                        new Pair<>(before.latencyMs(), null));
            }
            if (!Objects.equals(before.reply(), after.reply())) {
                changes.add("reply");
            }
            if (!Objects.equals(before.intent(), after.intent())) {
                changes.add("intent");
            }
            if (!before.tools().equals(after.tools())) {
                changes.add("tools");
            }
            if (!before.facts().equals(after.facts())) {
                changes.add("facts");
            }
            return new RequestDiff(before.correlationId(), before.streamId(), before.message(), changes,
                    WordDiff.of(before.reply(), after.reply()), new Pair<>(before.intent(), after.intent()),
                    new Pair<>(before.tools(), after.tools()), new Pair<>(before.facts(), after.facts()),
                    new Pair<>(before.latencyMs(), after.latencyMs()));
        }
    }

    /**
     * A recorded and a replayed value; either may be absent (no intent, no latency, a request not replayed).
     *
     * @param recorded as it was
     * @param replayed as the shadow had it
     */
    public record Pair<T>(@Nullable T recorded, @Nullable T replayed) {
    }
}
