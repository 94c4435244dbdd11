package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/flags.md documents each jar's flags, every one and no other: its tables are held to the jars' own lists. */
class FlagsDocTest {
    private static Options options(String jar) {
        return switch (jar) {
            case "train.jar" -> TrainCli.options();
            case "kfold.jar" -> KfoldCli.options();
            default -> PredictCli.options();
        };
    }

    /** The flags in the first column of the tables of {@code jar}'s section. */
    private static Set<String> documented(String jar) throws IOException {
        String doc = Files.readString(Path.of("docs/flags.md"));
        int start = doc.indexOf("\n## " + jar + "\n");
        int end = doc.indexOf("\n## ", start + 1);
        String section = doc.substring(start, end < 0 ? doc.length() : end);
        Set<String> flags = new TreeSet<>();
        for (String row : section.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| flag ")).toList()) {
            Matcher m = Pattern.compile("--([a-z][a-z0-9-]*)").matcher(row.split(" \\| ")[0]);
            while (m.find()) {
                flags.add(m.group(1));
            }
        }
        return flags;
    }

    @ParameterizedTest
    @ValueSource(strings = {"train.jar", "kfold.jar", "predict.jar"})
    void everyFlagOfTheJarIsDocumentedAndNoOther(String jar) throws IOException {
        Set<String> jars = new TreeSet<>(options(jar).getOptions().stream().map(Option::getLongOpt).toList());
        assertEquals(jars, documented(jar), "docs/flags.md's tables for " + jar);
    }
}
