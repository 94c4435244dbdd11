package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.util.FmnistException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Facts down, words up: a failure's own sentence, then the command line's advice naming the flag. */
class AdviceTest {
    @TempDir
    Path dir;

    /** Every remedy is worded, each naming flags the jars really take. */
    @Test
    void everyRemedyNamesFlagsTheJarsTake() {
        Options all = new Options();
        for (Options o : new Options[] {TrainCli.options(), KfoldCli.options(), PredictCli.options()}) {
            o.getOptions().forEach(all::addOption);
        }
        for (FmnistException.Remedy r : FmnistException.Remedy.values()) {
            String sentence = Advice.sentence(r);
            assertTrue(sentence.endsWith("."), sentence);
            Matcher flags = Pattern.compile("--([a-z][a-z-]+)").matcher(sentence);
            assertTrue(flags.find(), r + " names no flag: " + sentence);
            do {
                assertTrue(all.hasLongOption(flags.group(1)), r + " names --" + flags.group(1) + ", which no jar takes");
            } while (flags.find());
        }
    }

    /** A model directory that is a file: the fact from below, the flag from the command line, exit 1. */
    @Test
    void aFailureIsItsFactThenTheFlagToChange() throws Exception {
        Path file = Files.writeString(dir.resolve("model"), "mine");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int code = new TrainCli(out, new PrintStream(err, true, StandardCharsets.UTF_8),
                new DataLocator(dir, Map.of(), dir.resolve("none"))).run(new String[] {"--model-dir", file.toString()});
        assertEquals(ExitCode.FAILURE, code);
        assertEquals("Error: The model path " + file + " is a file, not a directory. Choose another --model-dir.",
                err.toString(StandardCharsets.UTF_8).strip());
        assertEquals("mine", Files.readString(file), "the user's file is left as it was");
    }
}
