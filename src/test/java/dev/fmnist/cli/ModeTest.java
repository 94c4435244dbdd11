package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.data.DataLocator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No flag passes silently: a flag that does nothing in the mode it was given is refused in one sentence. */
class ModeTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(String jar, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        DataLocator nowhere = new DataLocator(dir, Map.of(), dir.resolve("none"));
        int code = switch (jar) {
            case "train" -> new TrainCli(o, e, nowhere).run(args);
            case "kfold" -> new KfoldCli(o, e, nowhere).run(args);
            default -> new PredictCli(o, e, nowhere).run(args);
        };
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void refused(String expected, String jar, String... args) {
        Run r = run(jar, args);
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertEquals("Error: " + expected, r.err().lines().findFirst().orElse(""), String.join(" ", args));
    }

    @Test
    void trainJarRefusesWhatItsModeWouldIgnore() {
        refused("--export-test-images goes with --export-samples; training does nothing with it.", "train",
                "--export-test-images", "3", "--model-dir", dir.resolve("model").toString());
        assertFalse(Files.exists(dir.resolve("model")), "nothing trained, nothing written");
        refused("--task goes with --sweep; training does nothing with it.", "train", "--task", "3");
        refused("--threads does not apply to --summary.", "train", "--summary", "--threads", "2");
        refused("--model-dir does not apply to --sweep.", "train", "--sweep", "filters=8,16", "--model-dir", "m");
        refused("--checkpoint-dir does not apply to --sweep.", "train", "--sweep", "filters=8,16", "--checkpoint-dir",
                "c");
        refused("--merge reads what the tasks wrote; give it without --results and --task.", "train", "--sweep",
                "filters=8", "--merge", "r", "--task", "1");
        refused("--epochs does not apply to --show-samples.", "train", "--show-samples", "--epochs", "2");
        refused("--sweep seed=... would train every value with the same seeds (--seed, and one more per repeat);"
                + " give --repeats R to train each model with R seeds.", "train", "--sweep", "seed=1,2");
    }

    @Test
    void predictJarRefusesWhatItsModeWouldIgnore() {
        refused("--evaluate scores the model on the test set and takes no image files; classify 'samples/bag.png'"
                + " without it.", "predict", "--evaluate", "samples/bag.png");
        refused("--top does not apply to --evaluate.", "predict", "--evaluate", "--top", "3");
        refused("--data-dir goes with --evaluate; classifying files does nothing with it.", "predict", "--data-dir",
                "d", "samples/bag.png");
        refused("--port goes with --serve; classifying files does nothing with it.", "predict", "--port", "1",
                "samples/bag.png");
        refused("--json does not apply to --serve.", "predict", "--serve", "--json");
    }

    @Test
    void kfoldJarRefusesWhatItsModeWouldIgnore() {
        refused("--plot does not apply to --results.", "kfold", "--results", "r", "--plot", "p.png");
        refused("--checkpoint-dir does not apply to --results.", "kfold", "--results", "r", "--checkpoint-dir", "c");
        refused("--checkpoint-dir does not apply to --list-tasks.", "kfold", "--list-tasks", "--checkpoint-dir", "c");
    }

    /** Every range is checked at both ends, and a refusal quotes the value as it was given. */
    @Test
    void rangesAreCheckedAtBothEndsAndQuoteTheGivenValue() {
        refused("--top must be between 1 and 10, not 0.", "predict", "--top", "0", "samples/bag.png");
        refused("--top must be between 1 and 10, not 11.", "predict", "--top", "11", "samples/bag.png");
        refused("--folds must be between 2 and 60000, not 1.", "kfold", "--folds", "1");
        refused("--learning-rate must be a positive number, not 0.", "train", "--learning-rate", "0");
        refused("--dropout must be at least 0 and below 1, not 1.", "train", "--dropout", "1");
    }

    private static java.util.Set<String> taken(org.apache.commons.cli.Options options,
                                               java.util.function.Function<org.apache.commons.cli.CommandLine, Mode> modes,
                                               String[]... lines) throws Exception {
        java.util.Set<String> all = new java.util.TreeSet<>(java.util.Set.of("help", Flags.TF_LOG));
        for (String[] args : lines) {
            all.addAll(modes.apply(Flags.parse(options, args, true)).takes());
        }
        return all;
    }

    private static java.util.Set<String> names(org.apache.commons.cli.Options options) {
        return options.getOptions().stream().map(org.apache.commons.cli.Option::getLongOpt)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The modes read exactly the jars' flags: none is read by no mode, and no mode names a flag the jar lacks. */
    @Test
    void theModesReadEveryFlagOfTheirJarAndNoOther() throws Exception {
        assertEquals(names(TrainCli.options()), taken(TrainCli.options(), Modes::train, new String[0],
                new String[] {"--summary"}, new String[] {"--epochs", "0"}, new String[] {"--show-samples"},
                new String[] {"--export-samples", "d"}, new String[] {"--profile-steps", "1"},
                new String[] {"--sweep", "filters=8"}, new String[] {"--sweep", "filters=8", "--results", "r"},
                new String[] {"--sweep", "filters=8", "--merge", "r"}, new String[] {"--sweep", "filters=8", "--list-tasks"}));
        assertEquals(names(KfoldCli.options()), taken(KfoldCli.options(), Modes::kfold, new String[0],
                new String[] {"--results", "r"}, new String[] {"--merge", "r"}, new String[] {"--list-tasks"}));
        assertEquals(names(PredictCli.options()), taken(PredictCli.options(), Modes::predict, new String[0],
                new String[] {"--evaluate"}, new String[] {"--serve"}, new String[] {"--save-onnx", "m.onnx"}));
    }

    /** Each jar's help offers only what it takes: from-file is train.jar's. */
    @Test
    void kfoldJarsHelpOffersNoArchitectureFromAFile() {
        assertFalse(run("kfold", "--help").out().contains("from-file"));
        assertTrue(run("train", "--help").out().contains("from-file"));
        refused("--architecture must be lab or deep, not from-file.", "kfold", "--architecture", "from-file");
    }
}
