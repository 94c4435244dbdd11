package dev.fmnist.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the README promises of every refusal of a bad file. */
public final class Messages {
    private Messages() {}

    /** One sentence that names the file: no stack trace, no line break, no exception's name. */
    public static void assertOneSentenceNaming(String file, Exception e) {
        String m = e.getMessage();
        assertTrue(m != null && m.contains(file), "the message names " + file + ": " + m);
        assertTrue(m.endsWith(".") && !m.contains("\n") && !m.contains("Exception"), "one sentence: " + m);
        assertTrue(Character.isUpperCase(m.charAt(0)), "a sentence starts with a capital: " + m);
    }
}
