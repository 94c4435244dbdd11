package dev.fmnist.cli;

import dev.fmnist.data.DataException;
import dev.fmnist.data.DataLocator;
import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.export.ModelDirectory;
import dev.fmnist.export.SavedModelExporter;
import dev.fmnist.model.WeightStore;
import dev.fmnist.ops.TensorFlowLogs;
import dev.fmnist.predict.SampleWriter;
import dev.fmnist.report.ConfusionMatrix;
import dev.fmnist.report.PngFile;
import dev.fmnist.report.SampleGrid;
import dev.fmnist.train.Execution;
import dev.fmnist.train.History;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.StepProfiler;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingInterruptedException;
import dev.fmnist.train.TrainingListener;
import dev.fmnist.train.callbacks.TensorBoard;
import dev.fmnist.util.FmnistException;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
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
        TensorFlowLogs.quiet(java.util.Arrays.asList(args).contains("--" + Flags.TF_LOG));
        System.exit(new TrainCli(System.out, System.err, DataLocator.forThisMachine(), Interruption.install()).run(args));
    }

    static Options options() {
        Options o = ModelFlags.addTo(new Options(), true);
        o.addOption(Flags.value("model-dir", "DIR", "where the SavedModel goes (default " + DEFAULT_MODEL_DIR + ")"));
        o.addOption(Flags.value("initial-weights", "FILE", "start from the weights of a Keras .h5 or .keras model"
                + " of the flags' architecture (or of its own, with --architecture from-file); with --epochs 0,"
                + " convert it to a SavedModel without training"));
        o.addOption(Flags.value("save-keras", "FILE", "also save the model as a Keras 3 archive (FILE.keras) or"
                + " Keras' legacy HDF5 file (FILE.h5), which keras.models.load_model opens"));
        o.addOption(Flags.value(ModelCopies.ONNX, "FILE", ModelCopies.onnxHelp()));
        o.addOption(Flags.value("history", "FILE", "also write each epoch's loss, accuracy and seconds to a CSV file"));
        o.addOption(Flags.value("tensorboard", "DIR", "write TensorBoard event files there: per-epoch loss and"
                + " accuracy under DIR/train and DIR/validation, and the graph (tensorboard --logdir DIR)"));
        o.addOption(Flags.value("confusion", "FILE", "the test set's confusion matrix as a heat map (default "
                + DEFAULT_CONFUSION + ")"));
        RunFlags.addTo(o);
        o.addOption(Flags.flag("summary", "print the model summary and exit"));
        o.addOption(org.apache.commons.cli.Option.builder().longOpt("show-samples").hasArg().optionalArg(true)
                .argName("N").desc("the lab's Exercise 1: write the first N training images (default 9), captioned,"
                        + " to " + DEFAULT_SAMPLE_GRID + " and show them in a window when there is a display; then exit")
                .build());
        o.addOption(Flags.value("export-samples", "DIR", "write test-set images as PNG, JPEG, BMP and GIF"
                + " files into DIR, for predict.jar, and exit"));
        SweepCommand.addOptions(o);
        o.addOption(Flags.value("profile-steps", "N", "instead of training: time N training steps op by op"
                + " (TensorFlow's full trace) and print where a step's time goes"));
        o.addOption(Flags.value("export-test-images", "N", "with --export-samples: also write the first N"
                + " test images as test-00000.png..."));
        return o;
    }

    /** Runs the command and returns its exit code. */
    public int run(String[] args) {
        return Command.execute("train.jar", "Trains the lab's Fashion-MNIST CNN, evaluates it on the test set"
                + " and saves a SavedModel.", options(), args, out, err, line -> {
                    Modes.train(line).check(line, Modes.TRAIN_HOMES);
                    Set<String> ignored = new HashSet<>();
                    if (StartingModel.fromFile(line)) {
                        ignored.add("architecture");
                    }
                    if (StartingModel.converting(line)) {
                        ignored.add("epochs");
                    }
                    Recipe recipe = ModelFlags.toRecipe(line, ignored);
                    ModelCopies copies = ModelCopies.from(line);
                    StartingModel start = StartingModel.from(line, recipe.model());
                    if (line.hasOption("summary")) {
                        out.print(start.architecture().get().build(WeightStore.SHAPES_ONLY).summary());
                        return ExitCode.OK;
                    }
                    if (StartingModel.converting(line)) {
                        return convert(start, line, copies);
                    }
                    RunFlags run = RunFlags.from(line);
                    if (line.hasOption("show-samples")) {
                        return showSamples(run, Flags.intIn(line, "show-samples", 1, 400, 9));
                    }
                    if (line.hasOption("export-samples")) {
                        return exportSamples(run, Path.of(line.getOptionValue("export-samples")),
                                Flags.intIn(line, "export-test-images", 0, 10000, 0));
                    }
                    if (line.hasOption("sweep")) {
                        return new SweepCommand(out, err, locator).run(recipe, run, line);
                    }
                    if (line.hasOption("profile-steps")) {
                        return profile(recipe, run, Flags.intIn(line, "profile-steps", 1, 100000, 1));
                    }
                    return train(recipe, start, run, line, copies);
                });
    }

    /** The lab's Exercise 1: the first {@code n} training images, captioned, as a PNG (and a window). */
    private int showSamples(RunFlags run, int n) throws UsageException, DataException, IOException {
        Path file = Path.of(DEFAULT_SAMPLE_GRID);
        OutputFiles.checkWritable(file, "--show-samples");
        Dataset train = run.loadData(locator, err).train();
        BufferedImage grid = SampleGrid.render(train, n, FashionMnist.CLASS_NAMES);
        PngFile.write(grid, file);
        int shown = Math.min(n, train.count());
        out.println("Wrote the first " + (shown == 1 ? "training image" : shown + " training images") + " to "
                + file.toAbsolutePath() + ".");
        if (!GraphicsEnvironment.isHeadless()) {
            SampleWindow.showAndWait(grid, "Fashion-MNIST: the first " + (shown == 1 ? "training image"
                    : shown + " training images"));
        }
        return ExitCode.OK;
    }

    /** Test-set images as files in every format predict.jar reads, and the first {@code first} as PNGs. */
    private int exportSamples(RunFlags run, Path dir, int first) throws DataException, IOException {
        Dataset test = run.loadData(locator, err).test();
        for (Path p : SampleWriter.write(test, dir)) {
            out.println("Wrote " + p);
        }
        if (first > 0) {
            out.println("Wrote " + SampleWriter.writeFirst(test, first, dir).size() + " test images to " + dir);
        }
        return ExitCode.OK;
    }

    /** Prints the ms per step of each op type, most expensive first, after a warm-up of as many steps. */
    private int profile(Recipe recipe, RunFlags run, int steps) throws DataException, UsageException {
        Dataset train = run.loadData(locator, err).train();
        try (Trainer trainer = new Trainer(recipe, run.execution(), train)) {
            StepProfiler profiler = new StepProfiler(trainer);
            profiler.profile(steps);
            Map<String, Long> micros = profiler.profile(steps);
            double total = micros.values().stream().mapToLong(Long::longValue).sum() / 1000.0 / steps;
            out.printf(Locale.ROOT, "%-44s %10s %6s%n", "op", "ms/step", "share");
            micros.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
                double ms = e.getValue() / 1000.0 / steps;
                out.printf(Locale.ROOT, "%-44s %10.3f %5.1f%%%n", e.getKey(), ms, 100 * ms / total);
            });
            out.printf(Locale.ROOT, "%-44s %10.3f%n", "total (ops run one after another)", total);
            trainer.placement().ifPresent(p -> out.println(p.line()));
        }
        return ExitCode.OK;
    }

    /** {@code --epochs 0}: the starting model saved as a SavedModel (and as Keras and ONNX files), untrained. */
    private int convert(StartingModel start, CommandLine line, ModelCopies copies) throws FmnistException {
        ModelDirectory modelDir = new ModelDirectory(Path.of(line.getOptionValue("model-dir", DEFAULT_MODEL_DIR)));
        modelDir.checkWritable();
        out.println("Read " + line.getOptionValue("initial-weights")
                + (start.source() == null ? "" : " (" + start.source().savedBy() + " format)") + ".");
        save(start, start.weights(), modelDir, copies, "converted from " + line.getOptionValue("initial-weights"));
        return ExitCode.OK;
    }

    /** The model with {@code weights} as a SavedModel in {@code modelDir}, and in the formats --save-keras and --save-onnx ask. */
    private void save(StartingModel start, Map<String, float[]> weights, ModelDirectory modelDir, ModelCopies copies,
                      String source) throws FmnistException {
        SavedModelExporter.export(start.architecture(), weights, modelDir);
        out.println("Model saved to " + modelDir.target() + ".");
        copies.write(start.architecture().get(), weights, source, out);
    }

    /** The lab's Application 1: train with validation on the test set, report, save the model. */
    private int train(Recipe recipe, StartingModel start, RunFlags run, CommandLine line, ModelCopies copies)
            throws FmnistException, IOException {
        ModelDirectory modelDir = new ModelDirectory(Path.of(line.getOptionValue("model-dir", DEFAULT_MODEL_DIR)));
        modelDir.checkWritable();
        Path historyFile = line.hasOption("history") ? Path.of(line.getOptionValue("history")) : null;
        if (historyFile != null) {
            OutputFiles.checkWritable(historyFile, "--history");
        }
        Path confusionFile = Path.of(line.getOptionValue("confusion", DEFAULT_CONFUSION));
        OutputFiles.checkWritable(confusionFile, "--confusion");
        Path boardDir = line.hasOption("tensorboard") ? Path.of(line.getOptionValue("tensorboard")) : null;
        Path checkpointDir = run.checkpoints() == null ? null : run.checkpoints().dir();

        FashionMnist.Split data = run.loadData(locator, err);
        Dataset train = data.train();
        Dataset test = data.test();
        ModelFlags.checkSteps(recipe, train.count());
        out.printf("Train: X=(%d, %d, %d), y=(%d,)%n", train.count(), train.rows(), train.cols(), train.count());
        out.printf("Test: X=(%d, %d, %d), y=(%d,)%n", test.count(), test.rows(), test.cols(), test.count());
        Execution execution = run.execution();
        if (!start.weights().isEmpty()) {
            out.println("Starting from the weights in " + line.getOptionValue("initial-weights") + ".");
        }
        try (Trainer trainer = new Trainer(recipe.training(), start.architecture().get(), start.weights(), execution, train,
                test);
             TensorBoard board = boardDir == null ? null : new TensorBoard(boardDir)) {
            TrainingListener callbacks = run.callbacks(execution, out, err, checkpointDir, start.checkpointKey(recipe));
            if (board != null) {
                board.writeGraph(trainer.graphDef());
                callbacks = callbacks.and(board);
            }
            History history;
            try {
                history = trainer.fit(train.allIndices(), test, test.allIndices(), callbacks, interruption::requested);
            } catch (TrainingInterruptedException e) {
                err.println(RunFlags.interruptedMessage("", e.state(), checkpointDir, "train.jar"));
                return interruption.exitCode();
            }
            if (historyFile != null) {
                OutputFiles.write(historyFile, history.toCsv());
            }
            // The error rate and the confusion matrix from one pass over the test set.
            float[] probabilities = new float[test.count() * FashionMnist.NUM_CLASSES];
            printErrorRate(trainer.evaluate(test, probabilities).errorRatePercent());
            ConfusionMatrix confusion = ConfusionMatrix.of(FashionMnist.CLASS_NAMES, test.labelArray(), probabilities);
            out.print(confusion.format());
            PngFile.write(confusion.heatMap(), confusionFile);
            out.println("Confusion matrix saved to " + confusionFile.toAbsolutePath() + ".");
            save(start, trainer.weightValues(), modelDir, copies, "trained by train.jar");
        }
        return ExitCode.OK;
    }

    private void printErrorRate(double percent) {
        out.println(errorRateLine(percent));
    }

    /** The lab's line: "Classification Error Rate: 9.92%". */
    static String errorRateLine(double percent) {
        return String.format(Locale.ROOT, "Classification Error Rate: %.2f%%", percent);
    }
}
