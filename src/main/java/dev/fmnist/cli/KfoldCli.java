package dev.fmnist.cli;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.ops.TensorFlowLogs;
import dev.fmnist.report.LearningCurves;
import dev.fmnist.report.PngFile;
import dev.fmnist.train.CheckpointStore;
import dev.fmnist.train.Execution;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.callbacks.KerasProgress;
import dev.fmnist.train.cluster.TaskResults;
import dev.fmnist.train.experiments.CrossValidation;
import dev.fmnist.train.experiments.KFold;
import dev.fmnist.util.FmnistException;
import dev.fmnist.util.PythonFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code kfold.jar}: the lab's Application 2. Cross-validates the model on the training set with
 * scikit-learn's {@code KFold(5, shuffle=True, random_state=1)} folds: for each fold a fresh model
 * is trained with validation on the held-out part, then evaluated on the test set.
 */
public final class KfoldCli {
    public static final String DEFAULT_PLOT = "kfold_curves.png";
    /** The most folds: one of the 60,000 training images held out in each. */
    static final int MAX_FOLDS = 60_000;
    public static final String DEFAULT_HISTORY = "kfold_history.csv";

    private final PrintStream out;
    private final PrintStream err;
    private final DataLocator locator;

    private final Interruption interruption;

    public KfoldCli(PrintStream out, PrintStream err, DataLocator locator) {
        this(out, err, locator, Interruption.none());
    }

    KfoldCli(PrintStream out, PrintStream err, DataLocator locator, Interruption interruption) {
        this.out = out;
        this.err = err;
        this.locator = locator;
        this.interruption = interruption;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        TensorFlowLogs.quiet(java.util.Arrays.asList(args).contains("--" + Flags.TF_LOG));
        System.exit(new KfoldCli(System.out, System.err, DataLocator.forThisMachine(), Interruption.install()).run(args));
    }

    static Options options() {
        Options o = ModelFlags.addTo(new Options(), false);
        o.addOption(Flags.value("folds", "K", "number of folds (default 5)"));
        o.addOption(Flags.value("fold-seed", "N", "random_state of the fold shuffle (default 1)"));
        o.addOption(Flags.value("fold", "I", "run fold I only (0-based), e.g. to spread folds over machines; fold I's"
                + " model is seeded with --seed + I whether it runs alone or with the others"));
        o.addOption(Flags.value("plot", "FILE", "learning-curve PNG (default " + DEFAULT_PLOT + ")"));
        o.addOption(Flags.value("history", "FILE", "per-epoch CSV of every fold (default " + DEFAULT_HISTORY + ")"));
        o.addOption(Flags.value("results", "DIR", "for cluster array jobs: write each fold's result to DIR (shared"
                + " by the tasks), one fold per task: --fold I, or the scheduler's SLURM_ARRAY_TASK_ID or"
                + " JOB_COMPLETION_INDEX; checkpoints under DIR/checkpoints, so a requeued task resumes and a"
                + " finished one does nothing"));
        o.addOption(Flags.value("merge", "DIR", "print and plot, as one run would, the folds' results that array"
                + " tasks wrote to DIR with the same flags; refuses a set with missing folds"));
        o.addOption(Flags.flag("list-tasks", "print the numbered tasks of this run (one per fold), to size an array job, and exit"));
        RunFlags.addTo(o);
        return o;
    }

    /** Runs the command and returns its exit code. */
    public int run(String[] args) {
        return Command.execute("kfold.jar", "Cross-validates the lab's Fashion-MNIST CNN with scikit-learn's"
                + " KFold folds, evaluating each fold's model on the test set.", options(), args, out, err, this::crossValidate);
    }

    private int crossValidate(CommandLine line) throws FmnistException, IOException {
        Modes.kfold(line).check(line, Map.of());
        Recipe recipe = ModelFlags.toRecipe(line);
        RunFlags runFlags = RunFlags.from(line);
        int folds = Flags.intIn(line, "folds", 2, MAX_FOLDS, 5);
        long foldSeed = Flags.get(line, "fold-seed", Long::parseLong, 1L);
        if (foldSeed < 0 || foldSeed > 0xffffffffL) {
            throw new UsageException("--fold-seed must be between 0 and 4294967295, as numpy's, not " + foldSeed + ".");
        }
        Integer only = line.hasOption("fold") ? Flags.intIn(line, "fold", 0, folds - 1, 0) : null;
        String runKey = CheckpointStore.key("kfold.jar", recipe.key(), folds, foldSeed);
        if (line.hasOption("list-tasks")) {
            ArrayTasks.list(out, folds, "one per fold",
                    k -> "fold " + k + ", seed " + CrossValidation.seedOfFold(recipe.training().seed(), k));
            return ExitCode.OK;
        }
        Path plot = Path.of(line.getOptionValue("plot", DEFAULT_PLOT));
        Path historyFile = Path.of(line.getOptionValue("history", DEFAULT_HISTORY));
        if (line.hasOption("merge")) {
            if (line.hasOption("results") || only != null) {
                throw new UsageException("--merge reads what the tasks wrote; give it without --results and --fold.");
            }
            OutputFiles.checkWritable(plot, "--plot");
            OutputFiles.checkWritable(historyFile, "--history");
            TaskResults results = new TaskResults(Path.of(line.getOptionValue("merge")), "kfold");
            List<CrossValidation.FoldResult> merged = new java.util.ArrayList<>();
            for (TaskResults.Entry e : results.complete(runKey, folds)) {
                merged.add(new CrossValidation.FoldResult(e.task(), TaskResults.history(e.data(), "history"),
                        e.data().get("test_accuracy").getAsDouble()));
            }
            // The folds' epoch lines as their tasks printed them, then what the run prints at its end.
            KerasProgress epochLines = new KerasProgress(runFlags.verbose(), false, out);
            merged.forEach(f -> epochLines.replay(f.history()));
            report(new CrossValidation.Result(merged), IntStream.range(0, folds).boxed().toList(), plot, historyFile);
            return ExitCode.OK;
        }
        TaskResults results = line.hasOption("results") ? new TaskResults(Path.of(line.getOptionValue("results")), "kfold") : null;
        if (results != null) {
            only = ArrayTasks.index(line, "fold", folds, "fold");
            if (ArrayTasks.done(results, only, runKey, "Fold " + only, out)) {
                return ExitCode.OK;
            }
        }
        OutputFiles.checkWritable(plot, "--plot");
        OutputFiles.checkWritable(historyFile, "--history");

        FashionMnist.Split data = runFlags.loadData(locator, err);
        if (folds > data.train().count()) {
            throw new UsageException("--folds must not exceed the " + data.train().count() + " training images, not "
                    + folds + ".");
        }
        // The smallest training part of a fold: all but the largest test part.
        int examples = data.train().count();
        ModelFlags.checkSteps(recipe, examples - (examples + folds - 1) / folds);
        List<Integer> selected = only != null ? List.of(only) : IntStream.range(0, folds).boxed().toList();
        Execution execution = runFlags.execution();
        CrossValidation cv = new CrossValidation(recipe, execution, new KFold(folds, foldSeed), data.train().count());
        // Each fold keeps its own checkpoints; a finished fold's last one holds its final weights,
        // so a resumed run passes over finished folds and continues the first unfinished one.
        // Under --results a fold's checkpoints live beside the results, and a requeued task resumes.
        RunFlags run = results != null ? runFlags.resuming() : runFlags;
        IntFunction<Path> checkpointDir = k -> results != null ? results.checkpoints(k)
                : run.checkpoints() == null ? null : run.checkpoints().dir().resolve("fold-" + k);
        CrossValidation.Result result;
        try {
            result = cv.run(selected, data.train(), data.test(), k -> run.callbacks(execution, out, err,
                    checkpointDir.apply(k), CheckpointStore.key("kfold.jar", recipe.key(), folds, foldSeed, k)),
                    interruption::requested);
        } catch (CrossValidation.FoldInterruptedException e) {
            err.println(RunFlags.interruptedMessage("fold " + e.fold() + ", ", e.state(), checkpointDir.apply(e.fold()),
                    "kfold.jar"));
            return interruption.exitCode();
        }
        if (results != null) {
            CrossValidation.FoldResult f = result.folds().get(0);
            results.write(f.fold(), folds, runKey, Map.of("fold", f.fold(), "seed",
                    CrossValidation.seedOfFold(recipe.training().seed(), f.fold()), "test_accuracy", f.testAccuracy(),
                    "history", TaskResults.rows(f.history())));
            out.println("Accuracy for set " + f.fold() + " = " + PythonFormat.repr((float) f.testAccuracy()));
            out.println("Fold " + f.fold() + "'s result saved to " + results.file(f.fold()).toAbsolutePath() + ".");
            return ExitCode.OK;
        }
        report(result, selected, plot, historyFile);
        return ExitCode.OK;
    }

    /** The per-fold lines, the mean and std line, the history CSV and the learning curves. */
    private void report(CrossValidation.Result result, List<Integer> selected, Path plot, Path historyFile)
            throws IOException {
        for (CrossValidation.FoldResult f : result.folds()) {
            // Keras' accuracy is a float32, which the lab's Python widens to a double and prints whole.
            out.println("Accuracy for set " + f.fold() + " = " + PythonFormat.repr((float) f.testAccuracy()));
        }
        out.printf(Locale.ROOT, "Accuracy: mean = %.3f std = %.3f, n = %d%n", 100 * result.mean(),
                100 * result.std(), result.folds().size());

        OutputFiles.write(historyFile, result.historyCsv());
        PngFile.write(LearningCurves.render(result.folds().stream().map(CrossValidation.FoldResult::history).toList(),
                selected), plot);
        out.println("Learning curves saved to " + plot.toAbsolutePath() + ", history to "
                + historyFile.toAbsolutePath() + ".");
    }
}
