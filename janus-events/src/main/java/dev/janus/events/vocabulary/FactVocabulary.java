package dev.janus.events.vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The vocabulary of facts about a user, one for every component: the attributes memory stores ({@link #NAME},
 * {@link #LOCATION}, …, and any "my X is Y" as {@code X}), which of them hold many values, the other words people and
 * language models use for them ("GP" for {@link #DOCTOR}, "wife" and "husband" for {@link #SPOUSE}, "occupation" for
 * {@link #JOB}, "home" and "live" for {@link #LOCATION}), the questions that ask for one without naming it ("where
 * am I from?" asks for {@link #HOMETOWN}), and which words name people. Memory stores a fact under
 * {@link #canonical} of its attribute and compares recalled words by {@link #conceptOf}; the offline responder
 * matches questions to facts and recalled items with the same two methods. Plain code; thread-safe.
 */
public final class FactVocabulary {

    /** The speaker's name: "my name is …", "call me …". */
    public static final String NAME = "name";

    /** Where the speaker lives: "I live in …", "I moved to …"; also "home", "city", "residence". */
    public static final String LOCATION = "location";

    /** Where the speaker comes from: "I'm from …", "I grew up in …"; also "birthplace". */
    public static final String HOMETOWN = "hometown";

    /** Whom the speaker works for: "I work at …"; also "company", "workplace". */
    public static final String EMPLOYER = "employer";

    /** What the speaker works as: "I work as …", "my job is …"; also "occupation", "profession", "role". */
    public static final String JOB = "job";

    /** The speaker's age: "I'm 34 years old". */
    public static final String AGE = "age";

    /** Something the speaker likes: "I like …", "I love …"; also "hobbies", "interests". */
    public static final String LIKES = "likes";

    /** Something the speaker dislikes: "I hate …", "I don't like …". */
    public static final String DISLIKES = "dislikes";

    /** Something the speaker prefers: "I prefer …". */
    public static final String PREFERENCE = "preference";

    /** Anything the speaker asked to be remembered that is none of the others: "remember that …". */
    public static final String NOTE = "note";

    /** The speaker's doctor; also "GP", "physician", "family doctor". */
    public static final String DOCTOR = "doctor";

    /** The speaker's spouse; also "wife", "husband". */
    public static final String SPOUSE = "spouse";

    /** The speaker's birthday; also "date of birth". */
    public static final String BIRTHDAY = "birthday";

    /** The speaker's phone number; also "phone", "mobile number". */
    public static final String PHONE_NUMBER = "phone number";

    /** The speaker's manager; also "boss", "supervisor". */
    public static final String MANAGER = "manager";

    private static final Set<String> MULTI_VALUED = Set.of(LIKES, DISLIKES, PREFERENCE, NOTE);

    /** Kinds of name that are attributes of their own: "last name" is not the speaker's "last". */
    private static final Set<String> NAME_KINDS = Set.of("first", "full", "given", "user", "last", "middle",
            "family", "maiden", "nick", "pen", "screen", "stage", "display", "birth", "sur", "code", "brand");

    /** Words before an attribute that say it is its value now: "my new dentist", "my current address". */
    private static final List<String> CURRENT = List.of("new ", "current ", "present ");

    /** Attribute phrases (normalised) and what they mean. */
    private static final Map<String, String> PHRASES = new HashMap<>();

    /** Word stems and the concept (an attribute) they name. */
    private static final Map<String, String> CONCEPTS = new HashMap<>();

    /** Concepts that are people: a question about one is not answered by a fact about another. */
    private static final Set<String> PEOPLE = new HashSet<>();

    /** Word sets (stems) whose presence in a question asks for an attribute it does not name. */
    private static final Map<String, List<Set<String>>> CUES = new HashMap<>();

    static {
        phrases(NAME, "first name", "full name", "user name", "username", "given name");
        phrases(LOCATION, "home", "home city", "city", "current city", "residence", "lives in", "live in",
                "place of residence", "where i live", "current location", "home location");
        phrases(HOMETOWN, "home town", "birthplace", "place of birth", "origin", "born in", "city of birth",
                "where i am from", "country of origin");
        phrases(EMPLOYER, "company", "workplace", "work place", "works at", "works for", "firm",
                "employer name", "organisation", "organization");
        phrases(JOB, "occupation", "profession", "role", "job title", "title", "position", "career", "work as");
        phrases(LIKES, "like", "loves", "love", "interests", "interest", "hobby", "hobbies", "enjoys");
        phrases(DISLIKES, "dislike", "hates", "hate");
        phrases(PREFERENCE, "preferences", "prefers");
        phrases(NOTE, "notes", "remember", "reminder note");
        phrases(DOCTOR, "gp", "physician", "family doctor", "general practitioner", "doc", "primary care doctor",
                "primary care physician");
        phrases(SPOUSE, "wife", "husband", "hubby");
        phrases(BIRTHDAY, "date of birth", "birth date", "birthdate", "dob", "bday", "b day");
        phrases(PHONE_NUMBER, "phone", "mobile", "mobile number", "cell", "cell number", "cell phone number",
                "telephone", "telephone number", "phone no");
        phrases(MANAGER, "boss", "supervisor", "line manager");
        phrases("cat", "kitten", "kitty");
        phrases("dog", "puppy");
        phrases("email", "email address", "e mail", "e mail address");

        concepts(NAME, "name", "named", "called", "nickname");
        concepts(LOCATION, "live", "home", "city", "reside", "residence", "based", "located");
        concepts(HOMETOWN, "hometown", "birthplace", "origin");
        concepts(EMPLOYER, "employer", "company", "workplace", "employed", "firm");
        concepts(JOB, "job", "occupation", "profession", "career");
        concepts(AGE, "age");
        concepts(LIKES, "like", "love", "enjoy", "adore", "hobby", "hobbies", "interest");
        concepts(DISLIKES, "hate", "dislike", "detest");
        concepts(PREFERENCE, "prefer", "preference");
        concepts(DOCTOR, "doctor", "gp", "physician", "doc");
        concepts(SPOUSE, "spouse", "wife", "husband", "hubby");
        concepts(BIRTHDAY, "birthday", "bday");
        concepts(PHONE_NUMBER, "phone", "mobile", "cellphone", "telephone");
        concepts(MANAGER, "manager", "boss", "supervisor");
        concepts("cat", "cat", "kitten", "kitty");
        concepts("dog", "dog", "puppy");
        concepts("email", "email");
        concepts("mother", "mother", "mom", "mum", "mommy", "mummy", "mama");
        concepts("father", "father", "dad", "daddy", "papa");
        concepts("child", "child", "kid");
        concepts("grandmother", "grandmother", "grandma", "granny", "nan");
        concepts("grandfather", "grandfather", "grandpa", "granddad");
        concepts("colleague", "colleague", "coworker");
        concepts("neighbour", "neighbour", "neighbor");
        concepts("roommate", "roommate", "flatmate", "housemate");
        concepts("partner", "partner", "boyfriend", "girlfriend", "fiance", "fiancee");
        concepts("friend", "friend", "buddy", "pal");

        PEOPLE.addAll(List.of(DOCTOR, SPOUSE, MANAGER, "mother", "father", "child", "grandmother", "grandfather",
                "colleague", "neighbour", "roommate", "partner", "friend", "brother", "sister", "son", "daughter",
                "baby", "uncle", "aunt", "cousin", "niece", "nephew", "sibling", "parent", "dentist", "therapist",
                "lawyer", "landlord", "landlady", "mentor", "coach", "teacher", "accountant", "vet", "plumber",
                "babysitter", "nanny", "assistant", "trainer", "tutor", "stepmother", "stepfather", "stepson",
                "stepdaughter", "godmother", "godfather", "grandson", "granddaughter", "grandchild", "relative",
                "wife", "husband"));

        cue(HOMETOWN, "where", "from");
        cue(HOMETOWN, "grow", "up");
        cue(HOMETOWN, "where", "born");
        cue(BIRTHDAY, "when", "born");
        cue(EMPLOYER, "work", "where");
        cue(EMPLOYER, "work", "for");
        cue(EMPLOYER, "work", "at");
        cue(JOB, "do", "for", "living");
        cue(JOB, "do", "for", "work");
        cue(JOB, "work", "as");
        cue(AGE, "how", "old");
        cue(NAME, "who", "am", "i");
    }

    private FactVocabulary() {
    }

    /** Whether a new value of the attribute replaces the old one (and so contradicts it when it differs). */
    public static boolean singleValued(String attribute) {
        return !MULTI_VALUED.contains(canonical(attribute));
    }

    /**
     * An attribute as written by anyone: lower case, underscores and hyphens as spaces, single spaces, the British
     * spelling of the words people spell both ways ("favorite color" is "favourite colour").
     */
    public static String normalised(String attribute) {
        StringBuilder out = new StringBuilder(attribute.length());
        boolean space = false;
        for (int i = 0; i < attribute.length(); i++) {
            char c = attribute.charAt(i);
            if (Character.isWhitespace(c) || c == '_' || c == '-') {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(Words.isApostrophe(c) ? '\'' : Character.toLowerCase(c));
        }
        String[] words = out.toString().split(" ", -1);
        for (int i = 0; i < words.length; i++) {
            words[i] = british(words[i]);
        }
        return String.join(" ", words);
    }

    private static String british(String word) {
        switch (word) {
            case "favorite":
                return "favourite";
            case "favorites":
                return "favourites";
            case "color":
                return "colour";
            case "colors":
                return "colours";
            case "neighbor":
                return "neighbour";
            case "neighbors":
                return "neighbours";
            default:
                return word;
        }
    }

    /**
     * The attribute a fact is stored and matched under: {@link #normalised}, without a leading "my", "X's name" as
     * {@code X} ("dog's name" is {@code dog}, but "last name" stays), and the other words for an attribute mapped
     * onto it ("GP" is {@link #DOCTOR}, "wife" is {@link #SPOUSE}, "occupation" is {@link #JOB}).
     */
    public static String canonical(String attribute) {
        String normalised = normalised(attribute);
        if (normalised.startsWith("my ")) {
            normalised = normalised.substring(3);
        }
        // "my new dentist is …" tells who the dentist is now
        for (String now : CURRENT) {
            if (normalised.startsWith(now) && normalised.length() > now.length()) {
                normalised = normalised.substring(now.length());
                break;
            }
        }
        String known = PHRASES.get(normalised);
        if (known != null) {
            return known;
        }
        int lastSpace = normalised.lastIndexOf(' ');
        if (lastSpace > 0 && normalised.endsWith(" name")) {
            String owner = Words.withoutPossessive(normalised.substring(0, lastSpace));
            if (!NAME_KINDS.contains(owner) && !owner.isBlank()) {
                return canonical(owner);
            }
        }
        if (Words.isPossessive(normalised) && normalised.indexOf(' ') < 0) {
            return canonical(Words.withoutPossessive(normalised));
        }
        return normalised;
    }

    /**
     * The concept a word stands for when recalled text and questions are compared: the attribute it names, if it
     * names one ("GP" and "doctor" are {@link #DOCTOR}, "lives" is {@link #LOCATION}, "kitten" is {@code cat}, "named"
     * and "called" are {@link #NAME}), else its {@link Words#stem stem}.
     */
    public static String conceptOf(String word) {
        String stem = Words.stem(british(word.toLowerCase(Locale.ROOT)));
        return CONCEPTS.getOrDefault(stem, stem);
    }

    /** The concepts of the words of an attribute ("favourite colour": {@code favourit}, {@code colour}). */
    public static Set<String> conceptsOf(String attribute) {
        Set<String> concepts = new LinkedHashSet<>();
        String canonical = canonical(attribute);
        if (CONCEPTS.containsValue(canonical) || PEOPLE.contains(canonical)) {
            concepts.add(canonical);
            return concepts;
        }
        for (String word : Words.of(canonical)) {
            concepts.add(conceptOf(word));
        }
        return concepts;
    }

    /** Whether the concept (or attribute) is a person: a relative, a partner, a doctor, a manager, … */
    public static boolean isPerson(String concept) {
        return PEOPLE.contains(concept);
    }

    /**
     * The attributes a question asks for without naming them, from its lower-case words: "where am I from?" asks for
     * {@link #HOMETOWN}, "how old am I?" for {@link #AGE}, "what do I do for a living?" for {@link #JOB}, "where do I
     * live?" for {@link #LOCATION}, "what do I like?" for {@link #LIKES}.
     */
    public static Set<String> askedBy(List<String> questionWords) {
        Set<String> asked = new LinkedHashSet<>();
        Set<String> stems = new HashSet<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < questionWords.size(); i++) {
            String word = questionWords.get(i);
            // "for a living" is a job, not a place
            boolean aLiving = word.equals("living") && i > 0 && questionWords.get(i - 1).equals("a");
            stems.add(aLiving ? "living" : Words.stem(word));
            if (!aLiving) {
                rest.add(word);
            }
        }
        stems.addAll(questionWords);
        CUES.forEach((attribute, cues) -> {
            for (Set<String> cue : cues) {
                if (stems.containsAll(cue)) {
                    asked.add(attribute);
                }
            }
        });
        for (String word : rest) {
            String concept = conceptOf(word);
            if (CONCEPTS.containsValue(concept) && !PEOPLE.contains(concept) && !concept.equals(NAME)) {
                asked.add(concept);
            }
        }
        // "what don't I like?" asks for dislikes
        if (asked.contains(LIKES) && (questionWords.contains("don't") || questionWords.contains("not")
                || questionWords.contains("doesn't") || questionWords.contains("dont"))) {
            asked.remove(LIKES);
            asked.add(DISLIKES);
        }
        return asked;
    }

    /** The concepts among the words that are people. */
    public static Set<String> peopleIn(Collection<String> concepts) {
        Set<String> people = new LinkedHashSet<>();
        for (String concept : concepts) {
            if (PEOPLE.contains(concept)) {
                people.add(concept);
            }
        }
        return people;
    }

    private static void phrases(String attribute, String... phrases) {
        for (String phrase : phrases) {
            PHRASES.put(phrase, attribute);
        }
    }

    private static void concepts(String concept, String... words) {
        for (String word : words) {
            CONCEPTS.put(Words.stem(word), concept);
        }
    }

    private static void cue(String attribute, String... words) {
        Set<String> stems = new HashSet<>();
        for (String word : words) {
            stems.add(word.equals("living") ? word : Words.stem(word));
        }
        CUES.computeIfAbsent(attribute, key -> new ArrayList<>()).add(stems);
    }
}
