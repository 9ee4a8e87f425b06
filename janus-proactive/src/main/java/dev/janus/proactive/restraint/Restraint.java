package dev.janus.proactive.restraint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.janus.events.ProactiveSuggestion;
import dev.janus.proactive.Fingerprint;
import dev.janus.proactive.ProactiveProperties;
import dev.janus.proactive.state.ProactiveState;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a suggestion may reach its user, so that Janus speaks up rarely and welcome. In order: not
 * during the quiet hours; not the same suggestion (kind and text) twice to a user within the de-duplication
 * window; not a kind again within its cooldown after the last one, doubled for every dismissal of that kind by
 * the user within the feedback window;
 * at most so many per stream and per user within their windows. Reminders pass everything but
 * de-duplication: the user asked for them. Every check is idempotent for the suggestion's id, so a
 * redelivered event reaches the same verdict.
 */
public final class Restraint {

    /** The kind of a reminder falling due, which passes the limits. */
    public static final String REMINDER = "reminder";

    private static final int MAX_DOUBLINGS = 10;

    // the longest a cooldown can be: the longest kind-cooldown (1d) doubled MAX_DOUBLINGS times
    private static final Duration MAX_COOLDOWN = Duration.ofDays(1L << MAX_DOUBLINGS);

    private final ProactiveState state;
    private final ProactiveProperties.Restraint limits;
    private final Clock clock;

    public Restraint(ProactiveState state, ProactiveProperties.Restraint limits, Clock clock) {
        this.state = state;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Why {@code suggestion} for {@code userId} in {@code streamId} must wait, or empty when it may go now, in
     * which case it is recorded against the limits. Checks first and records after, so a suggestion held back
     * uses up nothing; two replicas racing for the last place may both pass the check, and the loser of the
     * recording is then held back.
     */
    public Optional<String> holdBack(ProactiveSuggestion suggestion, @Nullable String userId, String streamId) {
        Instant now = clock.instant();
        String id = suggestion.suggestionId();
        String recipient = recipient(userId, streamId);
        boolean reminder = REMINDER.equals(suggestion.kind());
        String dedup = "dedup:" + recipient + ":" + fingerprint(suggestion);
        String streamRate = "rate:stream:" + streamId;
        String userRate = "rate:user:" + userId;
        if (!reminder && quiet(now)) {
            return Optional.of("quiet_hours");
        }
        if (!state.isClaimable(dedup, id)) {
            return Optional.of("duplicate");
        }
        if (!reminder) {
            if (coolingDown(recipient, suggestion.kind(), id, now)) {
                return Optional.of("cooldown");
            }
            if (!state.isAdmissible(streamRate, id, now, limits.perStreamWindow(), limits.perStreamLimit())) {
                return Optional.of("stream_rate_limit");
            }
            if (userId != null
                    && !state.isAdmissible(userRate, id, now, limits.perUserWindow(), limits.perUserLimit())) {
                return Optional.of("user_rate_limit");
            }
        }
        if (!state.claim(dedup, id, limits.dedupWindow())) {
            return Optional.of("duplicate");
        }
        if (reminder) {
            return Optional.empty();
        }
        state.put(lastKey(recipient, suggestion.kind()), Map.of("at", now.toString(), "id", id), MAX_COOLDOWN);
        if (!state.admit(streamRate, id, now, limits.perStreamWindow(), limits.perStreamLimit())) {
            return Optional.of("stream_rate_limit");
        }
        if (userId != null && !state.admit(userRate, id, now, limits.perUserWindow(), limits.perUserLimit())) {
            return Optional.of("user_rate_limit");
        }
        return Optional.empty();
    }

    /** The key under which dismissals of {@code kind} by {@code recipient} are counted. */
    public static String dismissalsKey(String recipient, String kind) {
        return "dismissals:" + recipient + ":" + kind;
    }

    /** The recipient key of a user, or of a stream when the user is unknown. */
    public static String recipient(@Nullable String userId, String streamId) {
        return userId == null ? "stream:" + streamId : "user:" + userId;
    }

    /** Whether the last suggestion of {@code kind} to {@code recipient}, another than {@code id}, is too recent. */
    private boolean coolingDown(String recipient, String kind, String id, Instant now) {
        Optional<Map<String, String>> last = state.get(lastKey(recipient, kind));
        if (last.isEmpty() || id.equals(last.get().get("id"))) {
            return false;
        }
        int dismissals = state.size(dismissalsKey(recipient, kind), now, limits.feedbackWindow());
        Duration cooldown = limits.kindCooldown().multipliedBy(1L << Math.min(dismissals, MAX_DOUBLINGS));
        return now.isBefore(Instant.parse(last.get().get("at")).plus(cooldown));
    }

    private static String lastKey(String recipient, String kind) {
        return "last:" + recipient + ":" + kind;
    }

    private boolean quiet(Instant now) {
        LocalTime start = limits.quietStart();
        LocalTime end = limits.quietEnd();
        if (start == null || end == null) {
            return false;
        }
        LocalTime local = now.atZone(limits.quietZone()).toLocalTime();
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    private static String fingerprint(ProactiveSuggestion suggestion) {
        return Fingerprint.of(suggestion.kind() + "\n" + suggestion.text().strip().toLowerCase(Locale.ROOT));
    }
}
