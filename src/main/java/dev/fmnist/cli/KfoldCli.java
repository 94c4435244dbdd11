package dev.fmnist.cli;

import dev.fmnist.data.DataException;
import dev.fmnist.data.DataLocator;
import dev.fmnist.data.DataSource;
import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.model.ModelConfig;
import dev.fmnist.report.LearningCurves;
import dev.fmnist.report.PngFile;
import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.Execution;
import dev.fmnist.train.CheckpointStore;
import dev.fmnist.train.History;
import dev.fmnist.train.KFold;
import dev.fmnist.train.KerasProgress;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingDivergedException;
import dev.fmnist.train.TrainingInterruptedException;
import dev.fmnist.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code kfold.jar}: the lab's Application 2. Cross-validates the model on the training set with
 * scikit-learn's {@code KFold(5, shuffle=True, random_state=1)} folds: for each fold a fresh model
 * is trained with validation on the held-out part, then evaluated on the test set.
 */
public final class KfoldCli {
    public static final String DEFAULT_PLOT = "kfold_curves.png";
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
        System.exit(new KfoldCli(System.out, System.err, DataLocator.forThisMachine(), Interruption.install()).run(args));
    }

    static Options options() {
        Options o = ModelFlags.addTo(new Options());
        o.addOption(ModelFlags.value("folds", "K", "number of folds (default 5)"));
        o.addOption(ModelFlags.value("fold-seed", "N", "random_state of the fold shuffle (default 1)"));
        o.addOption(ModelFlags.value("fold", "I", "run fold I only (0-based), e.g. to spread folds over machines"));
        o.addOption(ModelFlags.value("plot", "FILE", "learning-curve PNG (default " + DEFAULT_PLOT + ")"));
        o.addOption(ModelFlags.value("history", "FILE", "per-epoch CSV of every fold (default " + DEFAULT_HISTORY + ")"));
        RunFlags.addTo(o);
        return o;
    }

    /** Runs the command and returns its exit code. */
    public int run(String[] args) {
        return Command.execute("kfold.jar", "Cross-validates the lab's Fashion-MNIST CNN with scikit-learn's"
                + " KFold folds, evaluating each fold's model on the test set.", options(), args, out, err, this::crossValidate);
    }

    private int crossValidate(CommandLine line) throws UsageException, DataException, TrainingDivergedException,
            IOException, CheckpointStore.CheckpointException {
        ModelConfig config = ModelFlags.toConfig(line);
        RunFlags run = RunFlags.from(line);
        int folds = ModelFlags.get(line, "folds", Integer::parseInt, 5);
        if (folds < 2) {
            throw new UsageException("--folds must be at least 2, not " + folds + ".");
        }
        long foldSeed = ModelFlags.get(line, "fold-seed", Long::parseLong, 1L);
        if (foldSeed < 0 || foldSeed > 0xffffffffL) {
            throw new UsageException("--fold-seed must be between 0 and 4294967295, as numpy's, not " + foldSeed + ".");
        }
        Integer only = line.hasOption("fold") ? ModelFlags.get(line, "fold", Integer::parseInt, 0) : null;
        if (only != null && (only < 0 || only >= folds)) {
            throw new UsageException("--fold must be between 0 and " + (folds - 1) + ", not " + only + ".");
        }
        Path plot = Path.of(line.getOptionValue("plot", DEFAULT_PLOT));
        Path historyFile = Path.of(line.getOptionValue("history", DEFAULT_HISTORY));
        OutputFiles.checkWritable(plot, "--plot");
        OutputFiles.checkWritable(historyFile, "--history");
        boolean resume = line.hasOption("resume");
        CheckpointStore checkpoints = CheckpointedFit.storeFrom(line.getOptionValue("checkpoint-dir"), resume);

        FashionMnist.Split data = DataSource.load(locator, run.dataDir(), run.offline(), err);
        Dataset train = data.train();
        Dataset test = data.test();
        if (folds > train.count()) {
            throw new UsageException("--folds must not exceed the " + train.count() + " training images, not "
                    + folds + ".");
        }
        List<KFold.Fold> split = new KFold(folds, foldSeed).split(train.count());
        List<Integer> selected = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            if (only == null || only == k) {
                selected.add(k);
            }
        }

        List<History> histories = new ArrayList<>();
        double[] accuracies = new double[selected.size()];
        Execution execution = run.execution();
        TrainingListener progress = new KerasProgress(run.verbose(), run.interactive(), out)
                .and(run.placementLog(execution, err));
        for (int i = 0; i < selected.size(); i++) {
            int k = selected.get(i);
            KFold.Fold fold = split.get(k);
            // Each fold keeps its own checkpoints; a finished fold's last one holds its final weights,
            // so a resumed run passes over finished folds and continues the first unfinished one.
            CheckpointedFit fit = new CheckpointedFit(checkpoints == null ? null
                    : new CheckpointStore(checkpoints.dir().resolve("fold-" + k)), resume, interruption, err);
            try (Trainer trainer = new Trainer(config, execution, train, test)) {
                histories.add(fit.fit(trainer, CheckpointStore.key("kfold.jar", config, folds, foldSeed, k),
                        fold.train(), train, fold.heldOut(), progress));
                accuracies[i] = trainer.evaluate(test).accuracy();
            } catch (TrainingInterruptedException e) {
                err.println(fit.interruptedMessage(e, "kfold.jar").replace("Interrupted in", "Interrupted in fold " + k + ","));
                return interruption.exitCode();
            }
        }
        for (int i = 0; i < selected.size(); i++) {
            out.printf(Locale.ROOT, "Accuracy for set %d = %.4f%n", selected.get(i), accuracies[i]);
        }
        out.printf(Locale.ROOT, "Accuracy: mean = %.3f std = %.3f, n = %d%n", 100 * mean(accuracies),
                100 * populationStd(accuracies), accuracies.length);

        OutputFiles.write(historyFile, historyCsv(selected, histories, accuracies));
        PngFile.write(LearningCurves.render(histories, selected), plot);
        out.println("Learning curves saved to " + plot.toAbsolutePath() + ", history to "
                + historyFile.toAbsolutePath() + ".");
        return ExitCode.OK;
    }

    /** One row per fold and epoch; each row carries its fold's test accuracy, for pandas' groupby. */
    static String historyCsv(List<Integer> folds, List<History> histories, double[] testAccuracies) {
        StringBuilder s = new StringBuilder("fold,epoch,").append(EpochLogs.CSV_COLUMNS).append(",test_accuracy\n");
        for (int i = 0; i < folds.size(); i++) {
            List<EpochLogs> epochs = histories.get(i).epochs();
            for (int e = 0; e < epochs.size(); e++) {
                s.append(folds.get(i)).append(',').append(e + 1).append(',').append(epochs.get(e).csvFields())
                        .append(',').append(testAccuracies[i]).append('\n');
            }
        }
        return s.toString();
    }

    static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    /** numpy's default {@code std}: the population standard deviation (ddof = 0). */
    static double populationStd(double[] v) {
        double m = mean(v);
        double sum = 0;
        for (double x : v) {
            sum += (x - m) * (x - m);
        }
        return Math.sqrt(sum / v.length);
    }
}
