package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The examples of README.md and docs/ that show their output: a {@code $ command} line in a code
 * block and the lines under it. What they show is held to what the command prints, allowing only
 * what is marked as varying: a line {@code ...} stands for any lines, a {@code ...} within a line
 * for any text; times (1s, 689us/step, 1s/epoch) and the home directory of the examples
 * ({@code /home/you}) vary by themselves.
 */
final class DocExamples {
    /** One example: where it is, the command (continuation lines joined), and what it shows. */
    record Example(String page, int line, String command, List<String> shown) {
        @Override
        public String toString() {
            return page + ":" + line + " $ " + command;
        }
    }

    static final String HOME = "/home/you";

    private DocExamples() {}

    /** Every example with output in README.md and docs/*.md, in page order. */
    static List<Example> all() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Example> all = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page);
            boolean inBlock = false;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith("```")) {
                    inBlock = !inBlock;
                    continue;
                }
                if (!inBlock || !l.startsWith("$ ")) {
                    continue;
                }
                int at = i + 1;
                StringBuilder command = new StringBuilder(l.substring(2));
                while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                    command.setLength(command.length() - 1);
                    command.append(' ').append(lines.get(++i).strip());
                }
                List<String> shown = new ArrayList<>();
                while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ") && !lines.get(i + 1).startsWith("```")) {
                    shown.add(lines.get(++i));
                }
                if (!shown.isEmpty()) {
                    all.add(new Example(page.toString(), at, command.toString().strip(), shown));
                }
            }
        }
        return all;
    }

    /** Times vary from run to run: 1s, 0.5s, 689us/step, 1s/epoch. */
    private static String normal(String line) {
        return line.replaceAll("\\b\\d+(\\.\\d+)?(ms|us|s)\\b", "<time>");
    }

    /** Fails unless {@code printed} is what {@code example} shows, run in {@code home}. */
    static void assertShows(Example example, String printed, Path home) {
        List<String> shown = example.shown().stream()
                .map(l -> normal(l.replace(HOME, home.toAbsolutePath().toString()))).toList();
        List<String> actual = printed.lines().map(DocExamples::normal).toList();
        if (!matches(shown, 0, actual, 0)) {
            fail(example + "\nshows:\n" + String.join("\n", example.shown()) + "\nbut printed:\n" + printed);
        }
    }

    private static boolean matches(List<String> shown, int s, List<String> actual, int a) {
        if (s == shown.size()) {
            return a == actual.size();
        }
        if (shown.get(s).strip().equals("...")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(shown, s + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && lineMatches(shown.get(s), actual.get(a)) && matches(shown, s + 1, actual, a + 1);
    }

    /** A shown line against a printed one; each {@code ...} within the shown line stands for any text. */
    static boolean lineMatches(String shown, String actual) {
        String[] parts = shown.split("\\.\\.\\.", -1);
        if (parts.length == 1) {
            return shown.equals(actual);
        }
        if (!actual.startsWith(parts[0]) || !actual.endsWith(parts[parts.length - 1])) {
            return false;
        }
        int from = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int at = actual.indexOf(parts[i], from);
            if (at < 0) {
                return false;
            }
            from = at + parts[i].length();
        }
        return from <= actual.length() - parts[parts.length - 1].length();
    }
}
