package dev.janus.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.janus.events.AssembledContext;
import dev.janus.events.Fact;

/**
 * How well replies answer scripted questions from memory. A reply answers unless it says it does not know (or cannot
 * answer, or thanks); an answer is right when its first paragraph contains the expected value and none of the
 * forbidden ones, and false otherwise (quoting the wrong memory, answering what nothing told answers). Precision of
 * answering is right answers over answers, recall is right answers over answerable questions; reply accuracy counts a
 * right answer or, for a question nothing told answers, saying so; fact-or-top-1 counts answerable questions whose
 * expected value is among the context's facts or in its best recalled item.
 *
 * @param questions questions asked
 * @param answerable questions something told answers
 * @param answered replies that answer
 * @param right right answers
 * @param accurate accurate replies
 * @param factOrTop1 answerable questions with the value in a fact or the best recalled item
 * @param falseAnswers the false answers, described
 * @param misses the answerable questions without a right answer, described
 */
record AnswerScores(int questions, int answerable, int answered, int right, int accurate, int factOrTop1,
        List<String> falseAnswers, List<String> misses) {

    /** The openings of replies that do not answer. */
    private static final List<String> NOT_ANSWERS = List.of("I don't know", "I can't answer", "Thanks for telling me",
            "Noted");

    static AnswerScores of(List<ScriptedConversations.Asked> asked,
            Function<ScriptedConversations.Asked, String> reply) {
        int answerable = 0;
        int answered = 0;
        int right = 0;
        int accurate = 0;
        int factOrTop1 = 0;
        List<String> falseAnswers = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (ScriptedConversations.Asked question : asked) {
            String text = reply.apply(question).split("\n\n", 2)[0];
            String lower = text.toLowerCase(Locale.ROOT);
            boolean answers = NOT_ANSWERS.stream().noneMatch(text::startsWith);
            boolean forbidden = question.forbidden().stream()
                    .anyMatch(value -> lower.contains(value.toLowerCase(Locale.ROOT)));
            String expected = question.expected();
            if (expected != null) {
                answerable++;
                if (inFactOrTop1(question.request().context(), expected.toLowerCase(Locale.ROOT))) {
                    factOrTop1++;
                }
            }
            boolean isRight = answers && expected != null && lower.contains(expected.toLowerCase(Locale.ROOT))
                    && !forbidden;
            if (answers) {
                answered++;
                if (isRight) {
                    right++;
                }
                else {
                    falseAnswers.add(question.user() + " \"" + question.question() + "\" -> \"" + text + "\"");
                }
            }
            if (isRight || (expected == null && text.startsWith("I don't know"))) {
                accurate++;
            }
            if (expected != null && !answers) {
                misses.add(question.user() + " \"" + question.question() + "\" -> \"" + text + "\"");
            }
        }
        return new AnswerScores(asked.size(), answerable, answered, right, accurate, factOrTop1, falseAnswers,
                misses);
    }

    private static boolean inFactOrTop1(AssembledContext context, String expected) {
        boolean inFacts = context.facts().stream().map(Fact::value)
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains(expected));
        boolean top1 = !context.recalled().isEmpty()
                && context.recalled().get(0).text().toLowerCase(Locale.ROOT).contains(expected);
        return inFacts || top1;
    }

    double precision() {
        return answered == 0 ? 1.0 : right / (double) answered;
    }

    double recall() {
        return answerable == 0 ? 1.0 : right / (double) answerable;
    }

    double replyAccuracy() {
        return questions == 0 ? 1.0 : accurate / (double) questions;
    }

    double factOrTop1Rate() {
        return answerable == 0 ? 1.0 : factOrTop1 / (double) answerable;
    }

    String summary() {
        return String.format(Locale.ROOT, "%d questions (%d answerable): fact-or-top-1 %.3f, reply accuracy %.3f "
                + "(%d/%d), answering precision %.3f (%d/%d), recall %.3f (%d/%d), false answers %d%s; "
                + "not answered: %s",
                questions, answerable, factOrTop1Rate(), replyAccuracy(), accurate, questions, precision(), right,
                answered, recall(), right, answerable, falseAnswers.size(), falseAnswers.isEmpty() ? "" : " "
                        + falseAnswers, misses);
    }
}
