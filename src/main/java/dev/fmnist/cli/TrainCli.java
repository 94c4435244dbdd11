package dev.fmnist.cli;

import dev.fmnist.data.DataException;
import dev.fmnist.data.DataLocator;
import dev.fmnist.data.DataSource;
import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.export.ModelDirectory;
import dev.fmnist.export.ModelException;
import dev.fmnist.export.SavedModelExporter;
import dev.fmnist.model.ModelConfig;
import dev.fmnist.model.Sequential;
import dev.fmnist.predict.SampleWriter;
import dev.fmnist.report.ConfusionMatrix;
import dev.fmnist.report.PngFile;
import dev.fmnist.report.SampleGrid;
import dev.fmnist.report.SweepReport;
import dev.fmnist.report.TensorBoardLogger;
import dev.fmnist.train.CheckpointStore;
import dev.fmnist.train.Execution;
import dev.fmnist.train.History;
import dev.fmnist.train.KerasProgress;
import dev.fmnist.train.Metrics;
import dev.fmnist.train.Sweep;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingDivergedException;
import dev.fmnist.train.TrainingInterruptedException;
import dev.fmnist.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.Options;

/**
 * {@code train.jar}: the lab's Application 1. Loads Fashion-MNIST, trains the model with validation
 * on the test set, prints Keras' epoch lines and the classification error rate, saves a SavedModel.
 */
public final class TrainCli {
    public static final String DEFAULT_MODEL_DIR = "Fashion_MNIST_model";
    public static final String DEFAULT_CONFUSION = "confusion.png";
    public static final String DEFAULT_SAMPLE_GRID = "samples_grid.png";

    private final PrintStream out;
    private final PrintStream err;
    private final DataLocator locator;

    private final Interruption interruption;

    public TrainCli(PrintStream out, PrintStream err, DataLocator locator) {
        this(out, err, locator, Interruption.none());
    }

    TrainCli(PrintStream out, PrintStream err, DataLocator locator, Interruption interruption) {
        this.out = out;
        this.err = err;
        this.locator = locator;
        this.interruption = interruption;
    }

    public static void main(String[] args) {
        SampleWindow.headlessWithoutDisplay();
        System.exit(new TrainCli(System.out, System.err, DataLocator.forThisMachine(), Interruption.install()).run(args));
    }

    static Options options() {
        Options o = ModelFlags.addTo(new Options());
        o.addOption(ModelFlags.value("model-dir", "DIR", "where the SavedModel goes (default " + DEFAULT_MODEL_DIR + ")"));
        o.addOption(ModelFlags.value("history", "FILE", "also write each epoch's loss, accuracy and seconds to a CSV file"));
        o.addOption(ModelFlags.value("tensorboard", "DIR", "write TensorBoard event files there: per-epoch loss and"
                + " accuracy under DIR/train and DIR/validation, and the graph (tensorboard --logdir DIR)"));
        o.addOption(ModelFlags.value("confusion", "FILE", "the test set's confusion matrix as a heat map (default "
                + DEFAULT_CONFUSION + ")"));
        RunFlags.addTo(o);
        o.addOption(ModelFlags.flag("summary", "print the model summary and exit"));
        o.addOption(org.apache.commons.cli.Option.builder().longOpt("show-samples").hasArg().optionalArg(true)
                .argName("N").desc("the lab's Exercise 1: write the first N training images (default 9), captioned,"
                        + " to " + DEFAULT_SAMPLE_GRID + " and show them in a window when there is a display; then exit")
                .build());
        o.addOption(ModelFlags.value("export-samples", "DIR", "write test-set images as PNG, JPEG, BMP and GIF"
                + " files into DIR, for predict.jar, and exit"));
        o.addOption(ModelFlags.value("sweep", "FLAG=V1,V2,...", "train one model per value of a model or training"
                + " flag (e.g. filters=8,16,32), everything else as given, and print the lab's table; writes"
                + " sweep_FLAG.csv and sweep_FLAG.png; saves no model"));
        o.addOption(ModelFlags.value("repeats", "R", "with --sweep: train each value with R seeds (seed, seed+1, ...)"
                + " and print mean ± std (default 1)"));
        o.addOption(ModelFlags.value("profile-steps", "N", "instead of training: time N training steps op by op"
                + " (TensorFlow's full trace) and print where a step's time goes"));
        o.addOption(ModelFlags.value("export-test-images", "N", "with --export-samples: also write the first N"
                + " test images as test-00000.png..."));
        return o;
    }

    /** Runs the command and returns its exit code. */
    public int run(String[] args) {
        return Command.execute("train.jar", "Trains the lab's Fashion-MNIST CNN, evaluates it on the test set"
                + " and saves a SavedModel.", options(), args, out, err, line -> {
                    ModelConfig config = ModelFlags.toConfig(line);
                    if (line.hasOption("summary")) {
                        out.print(Sequential.of(config).build((name, shape, init) -> null).summary());
                        return ExitCode.OK;
                    }
                    RunFlags run = RunFlags.from(line);
                    if (line.hasOption("show-samples")) {
                        int n = ModelFlags.get(line, "show-samples", Integer::parseInt, 9);
                        if (n < 1 || n > 400) {
                            throw new UsageException("--show-samples must be between 1 and 400, not " + n + ".");
                        }
                        Path file = Path.of(DEFAULT_SAMPLE_GRID);
                        OutputFiles.checkWritable(file, "--show-samples");
                        Dataset train = DataSource.load(locator, run.dataDir(), run.offline(), err).train();
                        java.awt.image.BufferedImage grid = SampleGrid.render(train, n, FashionMnist.CLASS_NAMES);
                        PngFile.write(grid, file);
                        out.println("Wrote the first " + Math.min(n, train.count()) + " training images to "
                                + file.toAbsolutePath() + ".");
                        if (!java.awt.GraphicsEnvironment.isHeadless()) {
                            SampleWindow.showAndWait(grid, "Fashion-MNIST: first " + n + " training images");
                        }
                        return ExitCode.OK;
                    }
                    if (line.hasOption("export-samples")) {
                        Dataset test = DataSource.load(locator, run.dataDir(), run.offline(), err).test();
                        Path dir = Path.of(line.getOptionValue("export-samples"));
                        for (Path p : SampleWriter.write(test, dir)) {
                            out.println("Wrote " + p);
                        }
                        int n = ModelFlags.get(line, "export-test-images", Integer::parseInt, 0);
                        if (n < 0) {
                            throw new UsageException("--export-test-images must not be negative, not " + n + ".");
                        }
                        if (n > 0) {
                            out.println("Wrote " + SampleWriter.writeFirst(test, n, dir).size() + " test images to " + dir);
                        }
                        return ExitCode.OK;
                    }
                    if (line.hasOption("sweep")) {
                        return sweep(config, run, line.getOptionValue("sweep"),
                                ModelFlags.get(line, "repeats", Integer::parseInt, 1));
                    }
                    if (line.hasOption("profile-steps")) {
                        int steps = ModelFlags.get(line, "profile-steps", Integer::parseInt, 0);
                        if (steps < 1) {
                            throw new UsageException("--profile-steps must be at least 1, not " + steps + ".");
                        }
                        return profile(config, run, steps);
                    }
                    ModelDirectory modelDir = new ModelDirectory(
                            Path.of(line.getOptionValue("model-dir", DEFAULT_MODEL_DIR)));
                    String history = line.getOptionValue("history");
                    CheckpointedFit fit = new CheckpointedFit(CheckpointedFit.storeFrom(
                            line.getOptionValue("checkpoint-dir"), line.hasOption("resume")),
                            line.hasOption("resume"), interruption, err);
                    Path confusion = Path.of(line.getOptionValue("confusion", DEFAULT_CONFUSION));
                    OutputFiles.checkWritable(confusion, "--confusion");
                    String board = line.getOptionValue("tensorboard");
                    return train(config, run, modelDir, history == null ? null : Path.of(history), fit, confusion,
                            board == null ? null : Path.of(board));
                });
    }

    /** Trains one model per value (and repeat) of one flag and reports the test errors as the lab did. */
    private int sweep(ModelConfig base, RunFlags run, String spec, int repeats)
            throws UsageException, DataException, TrainingDivergedException, IOException {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new UsageException("--sweep needs FLAG=V1,V2,..., such as filters=8,16,32, not '" + spec + "'.");
        }
        if (repeats < 1 || repeats > 100) {
            throw new UsageException("--repeats must be between 1 and 100, not " + repeats + ".");
        }
        String flag = spec.substring(0, eq).trim().replaceFirst("^--", "");
        List<String> values = java.util.Arrays.stream(spec.substring(eq + 1).split(",")).map(String::trim).toList();
        List<ModelConfig> configs = new java.util.ArrayList<>();
        for (String v : values) {
            configs.add(ModelFlags.apply(base, flag, v)); // every value is checked before any training
        }
        Path csv = Path.of("sweep_" + flag + ".csv");
        Path png = Path.of("sweep_" + flag + ".png");
        OutputFiles.checkWritable(csv, "--sweep");
        OutputFiles.checkWritable(png, "--sweep");
        FashionMnist.Split data = DataSource.load(locator, run.dataDir(), run.offline(), err);
        Execution execution = run.execution();
        Sweep.Outcome outcome = Sweep.run(configs, repeats, base.seed(), execution, data.train(), data.test(),
                new Sweep.Observer() {
                    @Override
                    public TrainingListener starting(int index, long seed) {
                        out.println("--- " + flag + " = " + values.get(index) + (repeats > 1 ? ", seed " + seed : ""));
                        return new KerasProgress(run.verbose(), run.interactive(), out)
                                .and(run.placementLog(execution, err));
                    }

                    @Override
                    public void finished(int index, long seed, double errorPercent) {
                        out.printf(Locale.ROOT, "Classification Error Rate: %.2f%%%n", errorPercent);
                    }
                });
        SweepReport report = new SweepReport(flag, values, outcome.errors(), outcome.seconds(), outcome.seeds());
        out.print(report.table());
        OutputFiles.write(csv, report.csv());
        PngFile.write(report.plot(), png);
        out.println("Results saved to " + csv.toAbsolutePath() + " and " + png.toAbsolutePath() + ".");
        return ExitCode.OK;
    }

    /** The test set's confusion matrix under the trained model. */
    static ConfusionMatrix confusion(Trainer trainer, Dataset test) {
        float[] p = trainer.predict(test, Trainer.allIndices(test.count()));
        ConfusionMatrix m = new ConfusionMatrix(FashionMnist.CLASS_NAMES);
        for (int i = 0; i < test.count(); i++) {
            int best = 0;
            for (int k = 1; k < FashionMnist.NUM_CLASSES; k++) {
                best = p[i * FashionMnist.NUM_CLASSES + k] > p[i * FashionMnist.NUM_CLASSES + best] ? k : best;
            }
            m.add(test.label(i), best);
        }
        return m;
    }

    /** Prints the ms per step of each op type, most expensive first, after a warm-up of as many steps. */
    private int profile(ModelConfig config, RunFlags run, int steps) throws DataException, UsageException {
        Dataset train = DataSource.load(locator, run.dataDir(), run.offline(), err).train();
        try (Trainer trainer = new Trainer(config, run.execution(), train)) {
            trainer.profileSteps(steps);
            Map<String, Long> micros = trainer.profileSteps(steps);
            double total = micros.values().stream().mapToLong(Long::longValue).sum() / 1000.0 / steps;
            out.printf(Locale.ROOT, "%-44s %10s %6s%n", "op", "ms/step", "share");
            micros.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
                double ms = e.getValue() / 1000.0 / steps;
                out.printf(Locale.ROOT, "%-44s %10.3f %5.1f%%%n", e.getKey(), ms, 100 * ms / total);
            });
            out.printf(Locale.ROOT, "%-44s %10.3f%n", "total (ops run one after another)", total);
            trainer.placement().ifPresent(p -> out.println("Placement: " + p.summary() + "."));
        }
        return ExitCode.OK;
    }

    private int train(ModelConfig config, RunFlags run, ModelDirectory modelDir, Path historyFile, CheckpointedFit fit,
                      Path confusionFile, Path tensorBoardDir)
            throws DataException, ModelException, TrainingDivergedException, UsageException, IOException,
            CheckpointStore.CheckpointException {
        modelDir.checkWritable();
        if (historyFile != null) {
            OutputFiles.checkWritable(historyFile, "--history");
        }
        FashionMnist.Split data = DataSource.load(locator, run.dataDir(), run.offline(), err);
        Dataset train = data.train();
        Dataset test = data.test();
        out.printf("Train: X=(%d, %d, %d), y=(%d,)%n", train.count(), train.rows(), train.cols(), train.count());
        out.printf("Test: X=(%d, %d, %d), y=(%d,)%n", test.count(), test.rows(), test.cols(), test.count());
        Execution execution = run.execution();
        try (Trainer trainer = new Trainer(config, execution, train, test);
             TensorBoardLogger board = tensorBoardDir == null ? null : new TensorBoardLogger(tensorBoardDir)) {
            TrainingListener progress = new KerasProgress(run.verbose(), run.interactive(), out)
                    .and(run.placementLog(execution, err));
            if (board != null) {
                board.writeGraph(trainer.graphDef());
                progress = progress.and(board);
            }
            History history;
            try {
                history = fit.fit(trainer, CheckpointStore.key("train.jar", config), Trainer.allIndices(train.count()),
                        test, Trainer.allIndices(test.count()), progress);
            } catch (TrainingInterruptedException e) {
                err.println(fit.interruptedMessage(e, "train.jar"));
                return interruption.exitCode();
            }
            if (historyFile != null) {
                OutputFiles.write(historyFile, history.toCsv());
            }
            Metrics result = trainer.evaluate(test);
            out.printf(Locale.ROOT, "Classification Error Rate: %.2f%%%n", result.errorRatePercent());
            ConfusionMatrix confusion = confusion(trainer, test);
            out.print(confusion.format());
            PngFile.write(confusion.heatMap(), confusionFile);
            out.println("Confusion matrix saved to " + confusionFile.toAbsolutePath() + ".");
            SavedModelExporter.export(config, trainer.weightValues(), modelDir);
        }
        out.println("Model saved to " + modelDir.target() + ".");
        return ExitCode.OK;
    }
}
