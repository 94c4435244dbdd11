package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.DatasetFile;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.export.ModelDirectory;
import dev.fmnist.train.device.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** train.jar as a user runs it, on the real data set. */
class TrainJarIT {
    static final Path DATA = DataLocator.SYSTEM_DIR;

    static final Pattern EPOCH_LINE = Pattern.compile("1875/1875 - \\d+s - loss: (\\d\\.\\d{4}) - accuracy: (\\d\\.\\d{4})"
            + " - val_loss: (\\d\\.\\d{4}) - val_accuracy: (\\d\\.\\d{4}) - \\d+m?s/epoch - \\d+[mu]?s/step");
    static final Pattern ERROR_LINE = Pattern.compile("Classification Error Rate: (\\d+\\.\\d{2})%");

    @TempDir
    Path work;

    @BeforeAll
    static void needsTheDataSet() {
        assumeTrue(FashionMnist.isComplete(DATA), "needs dataset-fashion-mnist (scripts/setup.sh installs it)");
    }

    private static void assertOneSentence(JarRunner.Run run) {
        String err = run.err().strip();
        assertTrue(err.startsWith("Error: "), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }

    /**
     * A short run of the default model (the README's full run is DocExamplesIT's): Keras' epoch lines,
     * the error rate that is the last val_accuracy's complement, the confusion matrix that agrees
     * with it, the SavedModel that scores it, and the same per-epoch figures in the history CSV and
     * TensorBoard's event files.
     */
    @Test
    void aRunPrintsKerasLinesAndRecordsEachEpoch() throws Exception {
        JarRunner.Run run = JarRunner.run("train.jar", work, "--data-dir", DATA.toString(), "--epochs", "2",
                "--steps-per-epoch", "300", "--history", "history.csv", "--tensorboard", "tb");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err(), "nothing on stderr");
        List<String> lines = run.out().lines().toList();
        assertEquals("Train: X=(60000, 28, 28), y=(60000,)", lines.get(0));
        assertEquals("Test: X=(10000, 28, 28), y=(10000,)", lines.get(1));
        Pattern epochLine = Pattern.compile(EPOCH_LINE.pattern().replace("1875/1875", "300/300"));
        for (int e = 1; e <= 2; e++) {
            assertEquals("Epoch " + e + "/2", lines.get(2 * e));
            assertTrue(epochLine.matcher(lines.get(2 * e + 1)).matches(), lines.get(2 * e + 1));
        }
        Matcher m = ERROR_LINE.matcher(lines.get(6));
        assertTrue(m.matches(), lines.get(6));
        assertTrue(Double.parseDouble(m.group(1)) < 20, "it learned: " + m.group(1));
        Matcher last = epochLine.matcher(lines.get(5));
        assertTrue(last.matches());
        assertEquals(String.format(Locale.ROOT, "%.2f", 100 * (1 - Double.parseDouble(last.group(4)))),
                m.group(1), "the error rate is the last val_accuracy's complement");

        Path model = work.resolve(TrainCli.DEFAULT_MODEL_DIR);
        assertEquals(String.format(Locale.ROOT, "%.2f", 100 * (1 - savedModelTestAccuracy(model))), m.group(1),
                "the SavedModel, loaded in a fresh session, scores what train.jar printed");
        // The printed confusion matrix agrees with the printed error rate, and its heat map exists.
        int row = lines.indexOf("Confusion matrix (rows: true class, columns: predicted class):") + 2;
        int diagonal = 0;
        for (int k = 0; k < 10; k++) {
            String[] cells = lines.get(row + k).trim().split("\\s+");
            diagonal += Integer.parseInt(cells[cells.length - 10 + k]);
        }
        assertEquals(m.group(1), String.format(Locale.ROOT, "%.2f", 100 * (1 - diagonal / 10000.0)));
        assertTrue(Files.size(work.resolve(TrainCli.DEFAULT_CONFUSION)) > 10_000);
        List<String> history = Files.readAllLines(work.resolve("history.csv"));
        assertEquals(3, history.size());
        assertTrue(history.get(2).startsWith("2,"), history.get(2));

        // TensorBoard got the same per-epoch validation losses, as float32.
        List<String> boardLosses = dev.fmnist.train.callbacks.EventFiles.scalars(
                dev.fmnist.train.callbacks.EventFiles.events(work.resolve("tb/validation"))).stream()
                .filter(x -> x.startsWith("epoch_loss@")).toList();
        for (int e = 0; e < 2; e++) {
            float valLoss = (float) Double.parseDouble(history.get(e + 1).split(",")[3]);
            assertEquals("epoch_loss@" + e + "=" + valLoss, boardLosses.get(e));
        }
    }

    static double savedModelTestAccuracy(Path model) throws Exception {
        FashionMnist.Split data = FashionMnist.load(DATA);
        int n = data.test().count();
        float[] pixels = new float[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (data.test().images()[i] & 0xff) / 255f;
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve");
             TFloat32 in = TFloat32.tensorOf(Shape.of(n, 28, 28, 1), DataBuffers.of(pixels, true, false));
             Result out = bundle.function(Signature.DEFAULT_KEY).call(java.util.Map.of("images", in))) {
            TFloat32 p = (TFloat32) out.get("probabilities").orElseThrow();
            int correct = 0;
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int k = 1; k < 10; k++) {
                    best = p.getFloat(i, k) > p.getFloat(i, best) ? k : best;
                }
                correct += best == data.test().label(i) ? 1 : 0;
            }
            return correct / (double) n;
        }
    }

    @Test
    void corruptDataFileIsNamedInOneSentence() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        for (DatasetFile f : DatasetFile.values()) {
            Files.copy(FashionMnist.pathIn(DATA, f), data.resolve(f.gzipName()));
        }
        byte[] bytes = Files.readAllBytes(data.resolve("train-labels-idx1-ubyte.gz"));
        Files.write(data.resolve("train-labels-idx1-ubyte.gz"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        JarRunner.Run run = JarRunner.run("train.jar", work, "--data-dir", data.toString(), "--epochs", "1");
        assertEquals(1, run.exitCode());
        assertOneSentence(run);
        assertTrue(run.err().contains("train-labels-idx1-ubyte.gz"), run.err());
        assertTrue(run.out().isEmpty(), "nothing trained: " + run.out());
    }

    @Test
    void missingDataOfflineSaysWhatToDo() throws Exception {
        JarRunner.Run run = JarRunner.run("train.jar", work, "--data-dir", work.resolve("nowhere").toString());
        assertEquals(1, run.exitCode());
        assertOneSentence(run);
        assertTrue(run.err().contains("does not exist"), run.err());
    }

    @Test
    void badFlagsAreUsageErrors() throws Exception {
        for (String[] args : List.of(new String[] {"--epochs", "zero"}, new String[] {"--learning-rate", "-1"},
                new String[] {"--no-such-flag"}, new String[] {"--padding", "full"}, new String[] {"--optimizer", "rmsprop"}, new String[] {"--kernels", "fast"},
                new String[] {"--preset", "best", "--kernel-size", "5", "--padding", "valid"})) {
            JarRunner.Run run = JarRunner.run("train.jar", work, args);
            assertEquals(2, run.exitCode(), String.join(" ", args));
            assertOneSentence(run);
        }
    }

    /**
     * A GPU asked for is refused in one sentence before the data loads where there is none: the CPU
     * build says how to build for CUDA, a CUDA build says it finds no GPU. Where a GPU is there, the
     * run goes on to the data (here a missing directory, so that nothing trains).
     */
    @Test
    void aMissingGpuIsOneSentence() throws Exception {
        JarRunner.Run run = JarRunner.run("train.jar", work, "--device", "gpu", "--data-dir",
                work.resolve("no-data").toString());
        assertTrue(run.out().isEmpty(), run.out());
        List<String> errors = run.err().lines().filter(l -> l.startsWith("Error: ")).toList();
        assertEquals(1, errors.size(), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        if (Device.available(2).stream().anyMatch(d -> d.type().equals("GPU"))) {
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(errors.get(0).contains("no-data"), "got past the device to the data: " + errors);
        } else if (Device.cudaBuild()) {
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(errors.get(0).contains("no usable GPU"), errors.get(0));
        } else {
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("Error: --device gpu was asked for, but this build bundles TensorFlow's CPU-only"
                    + " library; build with 'mvn -Pgpu package' for CUDA.", errors.get(0));
        }
    }

    @Test
    void unwritableOrForeignModelDirectoryFailsBeforeTraining() throws Exception {
        Path file = Files.writeString(work.resolve("plain-file"), "x");
        JarRunner.Run run = JarRunner.run("train.jar", work, "--model-dir", file.resolve("model").toString());
        assertEquals(1, run.exitCode());
        assertOneSentence(run);
        assertTrue(run.out().isEmpty());

        Path notes = Files.createDirectories(work.resolve("notes"));
        Files.writeString(notes.resolve("todo.txt"), "keep me");
        JarRunner.Run refused = JarRunner.run("train.jar", work, "--model-dir", notes.toString());
        assertEquals(1, refused.exitCode());
        assertOneSentence(refused);
        assertEquals("keep me", Files.readString(notes.resolve("todo.txt")));
    }

    @Test
    void profileNamesTheOpsOfAStep() throws Exception {
        JarRunner.Run run = JarRunner.run("train.jar", work, "--profile-steps", "20", "--kernels", "stock",
                "--device", "cpu");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("Placement of a training step: CPU:0 ran \\d+ ops\\.")), run.out());
        assertTrue(run.out().contains("MaxPool") && run.out().contains("ApplyMomentum"), run.out());
        assertFalse(run.out().contains("FmnistConvReluPool"), run.out());
        JarRunner.Run fused = JarRunner.run("train.jar", work, "--profile-steps", "20");
        assertEquals(0, fused.exitCode(), fused.err());
        assertTrue(fused.out().contains("FmnistConvReluPool") && fused.out().contains("FmnistConvReluPoolGrad")
                && !fused.out().contains("MaxPool"), "native kernels by default: " + fused.out());
        assertTrue(fused.out().lines().anyMatch(l -> l.startsWith("total")), fused.out());
        assertFalse(Files.exists(work.resolve(TrainCli.DEFAULT_MODEL_DIR)), "profiling trains no model to save");
    }

    @Test
    void showSamplesWritesTheCaptionedGridWhenHeadless() throws Exception {
        JarRunner.Run run = JarRunner.run("train.jar", work, "--show-samples", "16");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Wrote the first 16 training images to "), run.out());
        java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(work.resolve(TrainCli.DEFAULT_SAMPLE_GRID).toFile());
        assertEquals(8 + 4 * (112 + 8), grid.getWidth());
        assertEquals(2, JarRunner.run("train.jar", work, "--show-samples", "0").exitCode());
        JarRunner.Run one = JarRunner.run("train.jar", work, "--show-samples", "1");
        assertTrue(one.out().startsWith("Wrote the first training image to "), one.out());
    }

    @Test
    void sweepTrainsOneModelPerValueAndPrintsTheTable() throws Exception {
        JarRunner.Run run = JarRunner.run("train.jar", work, "--sweep", "dense-units=8,32", "--epochs", "1",
                "--verbose", "0");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.stream().filter(l -> ERROR_LINE.matcher(l).matches()).count());
        String row = lines.stream().filter(l -> l.startsWith("| Classification Err %")).findFirst().orElseThrow();
        assertTrue(row.matches("\\| Classification Err % \\| \\d+\\.\\d{2}\\s*\\| \\d+\\.\\d{2}\\s*\\|"), row);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("| Dense units")));
        assertEquals(3, Files.readAllLines(work.resolve("sweep_dense-units.csv")).size());
        assertTrue(Files.size(work.resolve("sweep_dense-units.png")) > 5_000);
        assertFalse(Files.exists(work.resolve(TrainCli.DEFAULT_MODEL_DIR)), "a sweep saves no model");
        assertEquals(2, JarRunner.run("train.jar", work, "--sweep", "colour=red").exitCode());
    }

    /** A small, one-epoch version of the best preset: it trains, saves, and predict.jar serves its model. */
    @Test
    void bestPresetsModelServesPredictJar() throws Exception {
        JarRunner.Run run = JarRunner.run("train.jar", work, "--preset", "best", "--epochs", "1", "--filters", "16",
                "--dense-units", "64", "--verbose", "0", "--model-dir", "best");
        assertEquals(0, run.exitCode(), run.err());
        Matcher m = run.out().lines().map(ERROR_LINE::matcher).filter(Matcher::matches).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(m.group(1)) < 20, run.out());
        Path samples = Path.of("samples").toAbsolutePath();
        JarRunner.Run predict = JarRunner.run("predict.jar", work, "--model-dir", "best", samples.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        long right = FashionMnist.CLASS_NAMES.stream().filter(name -> predict.out().lines().anyMatch(
                l -> l.contains("/" + dev.fmnist.predict.SampleWriter.fileStem(name) + ".png: ")
                        && l.endsWith("Predicted class: " + name))).count();
        assertTrue(right >= 8, right + " of 10 per-class samples right:\n" + predict.out());
    }

    @Test
    void summaryAndHelpNeedNoData() throws Exception {
        JarRunner.Run summary = JarRunner.run("train.jar", work, "--summary");
        assertEquals(0, summary.exitCode());
        assertTrue(summary.out().contains("Total params: 87,034"), summary.out());
        JarRunner.Run best = JarRunner.run("train.jar", work, "--preset", "best", "--summary");
        assertEquals(0, best.exitCode());
        // tf.keras 2 carries a name too long for its column on to the next line.
        assertTrue(best.out().contains(" batch_normalization_3 (Batc  (None, 512)")
                && best.out().contains("\n hNormalization)  ") && best.out().contains("Non-trainable params: 1,472"),
                best.out());
        JarRunner.Run help = JarRunner.run("train.jar", work, "--help");
        assertEquals(0, help.exitCode());
        for (String flag : List.of("--filters", "--kernel-size", "--dense-units", "--epochs", "--learning-rate",
                "--momentum", "--batch-size", "--dropout", "--padding", "--seed", "--preset", "--model-dir",
                "--data-dir", "--offline", "--verbose", "--threads", "--summary", "--help", "--architecture",
                "--optimizer", "--lr-schedule")) {
            assertTrue(help.out().contains(flag), flag);
        }
    }
}
