package dev.janus.memory.patterns;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.google.re2j.Pattern;
import dev.janus.events.PatternDetected;
import dev.janus.memory.MemoryProperties;
import dev.janus.memory.recall.RecallIndex;
import dev.janus.memory.recall.RecallItem;

/**
 * Finds a user's recurring patterns in their messages and reports each once per level: when its count reaches the
 * threshold, then twice, four times the threshold, and so on.
 * <ul>
 * <li>{@code recurring_topic}: a content word (lower case, plural folded, stop words left out) in that many
 * messages;</li>
 * <li>{@code repeated_question}: a question asked that many times, "the same" meaning a cosine similarity of at least
 * {@code janus.memory.patterns.question-similarity} between MiniLM embeddings;</li>
 * <li>{@code routine_time}: messages in the same hour of the day (in the configured zone) on that many distinct
 * days.</li>
 * </ul>
 * Counting is idempotent on the event id, so a redelivered message changes nothing. Thread-safe.
 */
public final class PatternDetector {

    /** A content word in several messages. */
    public static final String RECURRING_TOPIC = "recurring_topic";

    /** The same question asked again. */
    public static final String REPEATED_QUESTION = "repeated_question";

    /** Messages at the same hour on several days. */
    public static final String ROUTINE_TIME = "routine_time";

    private static final int MAX_EVIDENCE = 100;
    private static final int MAX_TOPIC_WORDS = 20;
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");
    /** A question word and then the end or a character no word has (a Unicode word boundary), or a closing "?". */
    private static final Pattern QUESTION = Pattern.compile(
            "(?:what|what's|who|who's|where|where's|when|why|how|which|whose|do|does|did|is|are|am|can|could|would|"
                    + "will|should|have|has)(?:[^\\p{L}\\p{N}_].*)?|.*\\?\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Set<String> STOP_WORDS = Set.of("about", "above", "after", "again", "against", "also",
            "always", "another", "anything", "around", "because", "been", "before", "being", "below", "between",
            "both", "cannot", "could", "does", "doing", "done", "down", "during", "each", "else", "even", "ever",
            "every", "from", "further", "gets", "getting", "give", "going", "gonna", "good", "great", "have",
            "having", "hello", "here", "hers", "herself", "himself", "into", "itself", "just", "know", "like", "make",
            "many", "more", "most", "much", "must", "myself", "need", "never", "next", "nothing", "okay", "once",
            "only", "other", "ought", "ours", "ourselves", "over", "please", "really", "right", "same", "should",
            "some", "something", "still", "such", "sure", "take", "tell", "than", "thank", "thanks", "that", "that's",
            "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "thing", "things",
            "think", "this", "those", "through", "today", "tomorrow", "under", "until", "very", "want", "wants",
            "well", "were", "what", "what's", "when", "where", "which", "while", "whom", "whose", "will", "with",
            "would", "yeah", "your", "yours", "yourself", "yourselves", "i'm", "i've", "i'll", "i'd", "it's", "don't",
            "can't", "won't", "didn't", "doesn't", "let's", "you're", "janus", "remember", "name", "called");

    private final PatternStore store;
    private final RecallIndex recall;
    private final MemoryProperties.Patterns settings;

    public PatternDetector(PatternStore store, RecallIndex recall, MemoryProperties.Patterns settings) {
        this.store = store;
        this.recall = recall;
        this.settings = settings;
    }

    /**
     * Counts the user's message and returns the patterns that reached a new level with it.
     *
     * @param message the message as a recall item (with its event id and time)
     * @param unitVector its embedding, for finding earlier asks of the same question
     */
    public List<PatternDetected> observe(RecallItem message, float[] unitVector) {
        List<PatternDetected> detected = new ArrayList<>();
        String userId = message.userId();
        String eventId = message.sourceEventId();
        List<String> topics = List.copyOf(topics(message.text()));
        ZonedDateTime local = message.at().atZone(settings.zone());
        String hour = String.format(Locale.ROOT, "%02d", local.getHour());
        List<PatternStore.Observation> observations = new ArrayList<>(topics.size() + 1);
        topics.forEach(topic -> observations.add(new PatternStore.Observation(RECURRING_TOPIC, topic, eventId,
                eventId)));
        observations.add(new PatternStore.Observation(ROUTINE_TIME, hour, local.toLocalDate().toString(), eventId));
        List<Integer> counts = store.recordAll(userId, observations);
        for (int i = 0; i < topics.size(); i++) {
            String topic = topics.get(i);
            int count = counts.get(i);
            report(userId, RECURRING_TOPIC, topic, count, settings.topicThreshold(),
                    "'" + topic + "' came up in " + count + " messages").ifPresent(detected::add);
        }
        if (isQuestion(message.text())) {
            repeatedQuestion(message, unitVector).ifPresent(detected::add);
        }
        int days = counts.get(topics.size());
        report(userId, ROUTINE_TIME, hour, days, settings.routineDays(), "messages between " + hour + ":00 and "
                + hour + ":59 (" + settings.zone() + ") on " + days + " different days").ifPresent(detected::add);
        return detected;
    }

    private Optional<PatternDetected> repeatedQuestion(RecallItem message, float[] vector) {
        List<RecallIndex.Recalled> similar = recall.recall(message.userId(), vector, MAX_EVIDENCE,
                Set.of(message.sourceEventId())).stream()
                .filter(found -> found.similarity() >= settings.questionSimilarity())
                .filter(found -> "user".equals(found.item().role()) && isQuestion(found.item().text()))
                .toList();
        if (similar.isEmpty()) {
            return Optional.empty();
        }
        List<RecallItem> asks = new ArrayList<>();
        similar.forEach(found -> asks.add(found.item()));
        asks.add(message);
        asks.sort(Comparator.comparing(RecallItem::at).thenComparing(RecallItem::sourceEventId));
        String key = asks.get(0).sourceEventId();
        List<String> evidence = asks.stream().map(RecallItem::sourceEventId).distinct().toList();
        return report(message.userId(), REPEATED_QUESTION, key, evidence.size(), settings.questionThreshold(),
                "asked " + evidence.size() + " times: \"" + abbreviate(message.text()) + "\"", evidence);
    }

    private Optional<PatternDetected> report(String userId, String kind, String key, int count,
            int threshold, String description) {
        if (count < threshold) {
            return Optional.empty();
        }
        return report(userId, kind, key, count, threshold, description,
                store.evidence(userId, kind, key, MAX_EVIDENCE));
    }

    private Optional<PatternDetected> report(String userId, String kind, String key, int count,
            int threshold, String description, List<String> evidence) {
        if (count < threshold) {
            return Optional.empty();
        }
        int level = 31 - Integer.numberOfLeadingZeros(count / threshold);
        if (!store.markReported(userId, kind, key, level)) {
            return Optional.empty();
        }
        return Optional.of(new PatternDetected(kind, description, count, evidence));
    }

    /** The message's content words: lower case, without stop words and short words, plurals folded. */
    static Set<String> topics(String text) {
        Set<String> topics = new LinkedHashSet<>();
        for (String raw : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
            String word = withoutOuterApostrophes(raw);
            if (word.length() < 4 || STOP_WORDS.contains(word) || word.chars().allMatch(Character::isDigit)) {
                continue;
            }
            if (word.endsWith("s") && !word.endsWith("ss") && word.length() > 4) {
                word = word.substring(0, word.length() - 1);
            }
            topics.add(word);
            if (topics.size() == MAX_TOPIC_WORDS) {
                break;
            }
        }
        return topics;
    }

    private static String withoutOuterApostrophes(String word) {
        int from = 0;
        int to = word.length();
        while (from < to && word.charAt(from) == '\'') {
            from++;
        }
        while (to > from && word.charAt(to - 1) == '\'') {
            to--;
        }
        return word.substring(from, to);
    }

    /** Whether the text asks something. */
    public static boolean isQuestion(String text) {
        return QUESTION.matcher(text.strip()).matches();
    }

    private static String abbreviate(String text) {
        String stripped = text.strip();
        return stripped.length() <= 200 ? stripped : stripped.substring(0, 200) + "…";
    }
}
