package dev.janus.input.speech;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.janus.input.audio.Pcm16;
import dev.janus.input.audio.Resampler;
import dev.janus.input.audio.WavFile;

/**
 * A reply as speech: its sentences, each synthesised on its own, so that when the user interrupts, what was
 * actually heard is known sentence by sentence ({@link #deliveredText}). The reply is model text, so it is cut
 * into sentences by RE2/J patterns, in time linear in its length.
 *
 * @param sentences the spoken sentences in order
 * @param sampleRate the rate of every sentence's samples
 */
public record SpokenReply(List<Sentence> sentences, int sampleRate) {

    /** Whitespace after a sentence's last mark (group 1), or a run of line breaks. */
    private static final Pattern SENTENCE_END = Pattern.compile("([.!?;:])\\s+|\\n+");
    private static final Pattern MARKUP = Pattern.compile("[*_#`>|\\[\\]]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Speaks {@code text} (markdown markup removed, at most {@code maxChars}) sentence by sentence. */
    public static SpokenReply synthesize(SpeechSynthesizer synthesizer, String text, int maxChars) {
        String plain = MARKUP.matcher(text).replaceAll("").strip();
        if (plain.length() > maxChars) {
            plain = plain.substring(0, maxChars);
        }
        List<Sentence> sentences = new ArrayList<>();
        int rate = 0;
        for (String sentence : sentences(plain)) {
            if (sentence.isBlank()) {
                continue;
            }
            WavFile audio = synthesizer.synthesize(sentence.strip());
            short[] samples = audio.samples();
            if (rate == 0) {
                rate = audio.sampleRate();
            }
            else if (audio.sampleRate() != rate) {
                samples = new Resampler(audio.sampleRate(), rate).process(samples);
            }
            sentences.add(new Sentence(sentence.strip(), samples));
        }
        return new SpokenReply(List.copyOf(sentences), rate == 0 ? 16_000 : rate);
    }

    /** All samples, sentence after sentence. */
    public short[] samples() {
        int total = sentences.stream().mapToInt(s -> s.samples().length).sum();
        short[] all = new short[total];
        int at = 0;
        for (Sentence sentence : sentences) {
            System.arraycopy(sentence.samples(), 0, all, at, sentence.samples().length);
            at += sentence.samples().length;
        }
        return all;
    }

    /** The whole spoken text. */
    public String text() {
        return String.join(" ", sentences.stream().map(Sentence::text).toList());
    }

    /** Its length in milliseconds. */
    public long durationMs() {
        return Pcm16.millis(sentences.stream().mapToLong(s -> s.samples().length).sum(), sampleRate);
    }

    /**
     * What a listener heard after {@code playedMs} of playback: every sentence played to its end, and of the
     * sentence being played the share of its words that matches the share of its audio played (an estimate: word
     * timings are not known).
     */
    public String deliveredText(long playedMs) {
        long played = playedMs * sampleRate / 1000;
        StringBuilder heard = new StringBuilder();
        for (Sentence sentence : sentences) {
            int length = sentence.samples().length;
            if (played >= length) {
                append(heard, sentence.text());
                played -= length;
                continue;
            }
            if (played > 0) {
                String[] words = WHITESPACE.split(sentence.text());
                int count = (int) (words.length * played / length);
                if (count > 0) {
                    append(heard, String.join(" ", Arrays.copyOf(words, count)));
                }
            }
            break;
        }
        return heard.toString();
    }

    /** The text cut after each sentence's closing mark and at line breaks; the mark stays with its sentence. */
    static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        Matcher end = SENTENCE_END.matcher(text);
        int from = 0;
        while (end.find()) {
            sentences.add(text.substring(from, end.group(1) != null ? end.start() + 1 : end.start()));
            from = end.end();
        }
        sentences.add(text.substring(from));
        return sentences;
    }

    private static void append(StringBuilder text, String part) {
        text.append(text.isEmpty() ? "" : " ").append(part);
    }

    /**
     * One sentence and its audio.
     *
     * @param text the sentence
     * @param samples its speech
     */
    public record Sentence(String text, short[] samples) {
    }
}
