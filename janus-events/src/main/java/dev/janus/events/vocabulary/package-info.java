/**
 * Words that several components must understand alike: the English words of fact attributes and their synonyms
 * ({@link dev.janus.events.vocabulary.FactVocabulary}), the sentence types decided before intent
 * ({@link dev.janus.events.vocabulary.SentenceType}), the intent names the components agree on
 * ({@link dev.janus.events.vocabulary.IntentNames}), the channels ({@link dev.janus.events.vocabulary.Channels}), the
 * units and time-zone names the planner and the tools read ({@link dev.janus.events.vocabulary.Units},
 * {@link dev.janus.events.vocabulary.TimeZoneNames}), and how text is cut into sentences and words for them. Plain
 * code, no regular expressions: every method runs in time linear in its input, whatever the input.
 */
@NullMarked
package dev.janus.events.vocabulary;

import org.jspecify.annotations.NullMarked;
