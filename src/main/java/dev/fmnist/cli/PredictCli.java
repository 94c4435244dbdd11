package dev.fmnist.cli;

import dev.fmnist.data.DataException;
import dev.fmnist.data.DataLocator;
import dev.fmnist.data.DataSource;
import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.export.ModelException;
import dev.fmnist.ops.TensorFlowLogs;
import dev.fmnist.predict.Fit;
import dev.fmnist.predict.ImageException;
import dev.fmnist.predict.Prediction;
import dev.fmnist.predict.Predictor;
import dev.fmnist.predict.SampleWriter;
import dev.fmnist.report.ConfusionMatrix;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code predict.jar FILE|DIR...}: classifies image files with a model loaded once: a SavedModel
 * directory or a Keras {@code .h5} / {@code .keras} file. A file that cannot be read is reported in
 * one sentence; the others are still classified, and the exit code is 1 when any failed. With
 * {@code --evaluate} it also scores the model on the 10,000 test images.
 */
public final class PredictCli {
    public static final String DEFAULT_MODEL_DIR = TrainCli.DEFAULT_MODEL_DIR;
    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    private static final int BATCH = 256;

    private final PrintStream out;
    private final PrintStream err;
    private final DataLocator locator;

    public PredictCli(PrintStream out, PrintStream err) {
        this(out, err, DataLocator.forThisMachine());
    }

    public PredictCli(PrintStream out, PrintStream err, DataLocator locator) {
        this.out = out;
        this.err = err;
        this.locator = locator;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        TensorFlowLogs.quiet(java.util.Arrays.asList(args).contains("--" + Flags.TF_LOG));
        System.exit(new PredictCli(System.out, System.err).run(args));
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Flags.value("model", "PATH", "the model: a SavedModel directory, or a Keras .h5 or .keras file"
                + " (default " + DEFAULT_MODEL_DIR + ")"));
        o.addOption(Flags.value("model-dir", "DIR", "the same as --model"));
        o.addOption(Flags.flag("evaluate", "score the model on the 10,000 test images: accuracy, error rate,"
                + " per-class accuracy, confusion matrix"));
        o.addOption(Flags.value("data-dir", "DIR", "with --evaluate: directory holding the Fashion-MNIST files"
                + " (default: the places train.jar searches)"));
        o.addOption(Flags.flag("offline", "with --evaluate: never download the data set"));
        o.addOption(Flags.value(ModelCopies.ONNX, "FILE", "write the model as ONNX (FILE.onnx, opset "
                + dev.fmnist.onnx.OnnxWriter.OPSET + ") and exit: input images [N,28,28,1] (a Keras model's own input"
                + " shape), output probabilities [N,10]"));
        o.addOption(Flags.value("top", "K", "also print the K most likely classes with their probabilities"));
        o.addOption(Flags.flag("json", "print one JSON object per file"));
        o.addOption(Flags.value("fit", "auto|keras|fashion-mnist", "how an image becomes 28 x 28: keras squashes"
                + " the whole image (the lab's Exercise 8); fashion-mnist converts a product photo as the data set's"
                + " images were made (trim the background, scale the longest edge to 28, centre, negate); auto"
                + " (default) reads 28 x 28 grey images as keras does and converts every other image"));
        o.addOption(Flags.value("save-fitted", "DIR", "write the 28 x 28 image the model saw, for each input, as"
                + " DIR/NAME.png"));
        o.addOption(Flags.value("invert", "auto|yes|no", "invert dark-on-light images (default auto: when the"
                + " image's border is mostly light)"));
        ServeCommand.addOptions(o);
        o.addOption(Flags.tfLog());
        o.addOption(Flags.flag("help", "print this help and exit"));
        return o;
    }

    /** One input image and what became of it. */
    private record Item(Path file, Fit.Fitted fitted, String error) {
        boolean inverted() {
            return fitted != null && fitted.inverted();
        }
    }

    public int run(String[] args) {
        return Command.execute("predict.jar", "Classifies Fashion-MNIST-like image files (PNG, JPEG, BMP, GIF) with"
                + " a SavedModel or a Keras model file. Give files or directories, or --evaluate.", options(), args,
                out, err, this::predict, true);
    }

    private int predict(CommandLine line) throws dev.fmnist.util.FmnistException {
        List<String> paths = line.getArgList();
        boolean evaluate = line.hasOption("evaluate");
        if (line.hasOption("model") && line.hasOption("model-dir")) {
            throw new UsageException("Give --model or --model-dir, not both: they are the same flag.");
        }
        Modes.predict(line).check(line, Modes.PREDICT_HOMES);
        if (line.hasOption("serve")) {
            return ServeCommand.run(line, modelPath(line), out, err);
        }
        if (line.hasOption(ModelCopies.ONNX)) {
            return ConvertCommand.run(line, modelPath(line), paths, out);
        }
        if (evaluate && !paths.isEmpty()) {
            throw new UsageException("--evaluate scores the model on the test set and takes no image files; classify"
                    + " '" + paths.get(0) + "' without it.");
        }
        if (paths.isEmpty() && !evaluate) {
            throw new UsageException("Give at least one image file or directory, or --evaluate, or --serve.");
        }
        int top = line.hasOption("top") ? Flags.intIn(line, "top", 1, FashionMnist.NUM_CLASSES, 0) : 0;
        String invert = line.getOptionValue("invert", "auto").toLowerCase(Locale.ROOT);
        if (!Set.of("auto", "yes", "no").contains(invert)) {
            throw new UsageException("--invert must be auto, yes or no, not '" + invert + "'.");
        }
        String fitName = line.getOptionValue("fit", "auto").toLowerCase(Locale.ROOT);
        if (!Set.of("auto", "keras", "fashion-mnist").contains(fitName)) {
            throw new UsageException("--fit must be auto, keras or fashion-mnist, not '" + fitName + "'.");
        }
        Fit fit = Fit.parse(fitName);
        Path fittedDir = line.hasOption("save-fitted") ? Path.of(line.getOptionValue("save-fitted")) : null;
        if (fittedDir != null) {
            try {
                java.nio.file.Files.createDirectories(fittedDir);
            } catch (IOException e) {
                throw new UsageException("--save-fitted " + fittedDir + " cannot be created: " + e.getMessage() + ".");
            }
        }
        Boolean inversion = invert.equals("auto") ? null : invert.equals("yes");
        boolean json = line.hasOption("json");
        Path model = modelPath(line);
        // Before the model loads: a data set that is missing is the first thing to say.
        Dataset test = evaluate ? DataSource.load(locator, line.hasOption("data-dir")
                ? Path.of(line.getOptionValue("data-dir")) : null, line.hasOption("offline"), err).test() : null;

        // Expand directories first, then decode on every core; the list keeps the input order.
        List<Object> sources = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                List<Path> images = imagesIn(path);
                if (images.isEmpty()) {
                    sources.add(new Item(path, null, "The directory " + path
                            + " holds no PNG, JPEG, BMP or GIF image."));
                }
                sources.addAll(images);
            } else {
                sources.add(path);
            }
        }
        List<Item> items = sources.parallelStream()
                .map(in -> in instanceof Item item ? item : load((Path) in, fit, inversion)).toList();
        if (fittedDir != null) {
            saveFitted(items, fittedDir);
        }
        boolean failed = false;
        boolean bare = items.size() == 1 && !json;

        try (Predictor predictor = Predictor.load(model)) {
            if (evaluate) {
                evaluate(predictor, test);
            }
            for (int from = 0; from < items.size(); from += BATCH) {
                List<Item> chunk = items.subList(from, Math.min(items.size(), from + BATCH));
                List<float[]> inputs = chunk.stream().filter(i -> i.error() == null).map(i -> i.fitted().input()).toList();
                float[][] probs = inputs.isEmpty() ? new float[0][] : predictor.predict(inputs.toArray(float[][]::new));
                int next = 0;
                for (Item item : chunk) {
                    if (item.error() != null) {
                        failed = true;
                        err.println("Error: " + item.error());
                        if (json) {
                            out.println("{\"file\": " + Prediction.quote(item.file().toString()) + ", \"error\": "
                                    + Prediction.quote(item.error()) + "}");
                        }
                    } else {
                        float[] p = probs[next++];
                        out.println(json ? Prediction.json(item.file().toString(), item.fitted(), p, top) : text(item, p, top, bare, inversion));
                    }
                }
            }
        }
        return failed ? ExitCode.FAILURE : ExitCode.OK;
    }

    /** The model --model or --model-dir names, or the default one train.jar saves. */
    private static Path modelPath(CommandLine line) {
        return Path.of(line.getOptionValue("model", line.getOptionValue("model-dir", DEFAULT_MODEL_DIR)));
    }

    /** The model on every test image: accuracy as Keras' evaluate gives it, then the lab's error rate and the matrix. */
    private void evaluate(Predictor predictor, Dataset test) {
        int pixels = test.pixelsPerImage();
        float[] probabilities = new float[test.count() * FashionMnist.NUM_CLASSES];
        for (int from = 0; from < test.count(); from += EVALUATION_BATCH) {
            int n = Math.min(EVALUATION_BATCH, test.count() - from);
            float[][] images = new float[n][pixels];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < pixels; p++) {
                    images[i][p] = (test.images()[(from + i) * pixels + p] & 0xff) / 255f;
                }
            }
            float[][] rows = predictor.predict(images);
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows[i], 0, probabilities, (from + i) * FashionMnist.NUM_CLASSES, FashionMnist.NUM_CLASSES);
            }
        }
        ConfusionMatrix confusion = ConfusionMatrix.of(FashionMnist.CLASS_NAMES, test.labelArray(), probabilities);
        out.printf(Locale.ROOT, "Test accuracy: %.4f%n", confusion.accuracy());
        out.println(TrainCli.errorRateLine(100 * (1 - confusion.accuracy())));
        out.print(confusion.format());
    }

    private static final int EVALUATION_BATCH = 1000;

    private static Item load(Path file, Fit fit, Boolean invert) {
        try {
            return new Item(file, fit.load(file, invert), null);
        } catch (ImageException e) {
            return new Item(file, null, e.getMessage());
        }
    }

    /** Each input's 28 x 28 image as the model saw it, named after the input (made unique when two share a name). */
    private void saveFitted(List<Item> items, Path dir) throws UsageException {
        Set<String> used = new java.util.HashSet<>();
        for (Item item : items) {
            if (item.fitted() == null) {
                continue;
            }
            String base = item.file().getFileName().toString().replaceFirst("\\.[^.]*$", "");
            String name = base + ".png";
            for (int n = 2; !used.add(name); n++) {
                name = base + "-" + n + ".png";
            }
            try {
                dev.fmnist.report.PngFile.write(SampleWriter.grayImage(item.fitted().gray()), dir.resolve(name));
            } catch (IOException e) {
                throw new UsageException("--save-fitted " + dir + " is not writable: " + e.getMessage() + ".");
            }
        }
    }

    private static List<Path> imagesIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(f -> {
                String name = f.getFileName().toString();
                int dot = name.lastIndexOf('.');
                return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
            }).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** @param inversion null where the image's border chose whether to invert it, else --invert's answer */
    private static String text(Item item, float[] p, int top, boolean bare, Boolean inversion) {
        int[] rank = Prediction.ranking(p);
        StringBuilder s = new StringBuilder(bare ? "" : item.file() + ": ");
        s.append("Predicted class: ").append(FashionMnist.CLASS_NAMES.get(rank[0]));
        if (top > 0) {
            s.append(" (");
            for (int i = 0; i < top; i++) {
                s.append(i > 0 ? ", " : "").append(FashionMnist.CLASS_NAMES.get(rank[i]))
                        .append(String.format(Locale.ROOT, " %.4f", p[rank[i]]));
            }
            s.append(')');
        }
        if (item.inverted()) {
            s.append(inversion == null ? " [inverted: light background]" : " [inverted: --invert yes]");
        }
        return s.toString();
    }
}
