package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.predict.ImageLoader;
import dev.fmnist.predict.SampleWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict.jar as a user runs it, after a default train.jar run. */
class PredictJarIT {
    static final Path SAMPLES = Path.of("samples").toAbsolutePath();

    @TempDir
    static Path work;
    static Path model;

    @BeforeAll
    static void trainTheDefaultModel() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
        JarRunner.Run run = JarRunner.run("train.jar", work, "--verbose", "0");
        assertEquals(0, run.exitCode(), run.err());
        model = work.resolve(TrainCli.DEFAULT_MODEL_DIR);
    }

    @Test
    void readmeExampleRunsAsWritten() throws Exception {
        JarRunner.Run run = JarRunner.run("predict.jar", work, "--model-dir", model.toString(),
                SAMPLES.resolve("pullover.png").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("Predicted class: Pullover", run.out().strip());
    }

    @Test
    void classifiesEverySampleAndNineOfTheTenClasses() throws Exception {
        JarRunner.Run run = JarRunner.run("predict.jar", work, "--model-dir", model.toString(), SAMPLES.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        try (var files = Files.list(SAMPLES)) {
            assertEquals(files.count(), lines.size(), "one line per sample file");
        }
        int right = 0;
        for (String name : FashionMnist.CLASS_NAMES) {
            String file = SampleWriter.fileStem(name) + ".png: ";
            String line = lines.stream().filter(l -> l.contains("/" + file)).findFirst().orElseThrow();
            right += line.endsWith("Predicted class: " + name) ? 1 : 0;
        }
        assertTrue(right >= 9, right + " of 10 per-class samples right:\n" + run.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("sneaker_light_background.png")
                && l.endsWith(" [inverted: light background]")), run.out());
        JarRunner.Run forced = JarRunner.run("predict.jar", work, "--model", model.toString(), "--invert", "yes",
                SAMPLES.resolve("bag.png").toString());
        assertTrue(forced.out().strip().endsWith(" [inverted: --invert yes]"), forced.out());
    }

    @Test
    void badFilesAreReportedAndTheRestStillClassified() throws Exception {
        Path bad = Files.createDirectories(work.resolve("bad"));
        Path text = Files.writeString(bad.resolve("notes.png"), "not an image");
        byte[] png = Files.readAllBytes(SAMPLES.resolve("coat_large.png"));
        Path cut = Files.write(bad.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
        Path empty = Files.createDirectories(work.resolve("empty"));
        JarRunner.Run run = JarRunner.run("predict.jar", work, "--model-dir", model.toString(),
                work.resolve("missing.png").toString(), text.toString(), cut.toString(), empty.toString(),
                SAMPLES.resolve("bag.png").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().strip().endsWith("bag.png: Predicted class: Bag"), run.out());
        List<String> errors = run.err().lines().filter(l -> l.startsWith("Error: ")).toList();
        assertEquals(4, errors.size(), run.err());
        for (String name : List.of("missing.png", "notes.png", "cut.png", "empty")) {
            assertTrue(errors.stream().anyMatch(e -> e.contains(name)), name + " named in " + errors);
        }
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void badModelDirectoriesAreOneSentence() throws Exception {
        Path notModel = Files.createDirectories(work.resolve("not-a-model"));
        for (Path dir : List.of(work.resolve("no-such-model"), notModel)) {
            JarRunner.Run run = JarRunner.run("predict.jar", work, "--model-dir", dir.toString(),
                    SAMPLES.resolve("bag.png").toString());
            assertEquals(1, run.exitCode());
            assertTrue(run.err().strip().startsWith("Error: ") && run.err().contains(dir.toString()), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
        JarRunner.Run usage = JarRunner.run("predict.jar", work, "--top", "11", "x.png");
        assertEquals(2, usage.exitCode());
    }

    @Test
    void jsonAndTopK() throws Exception {
        JarRunner.Run run = JarRunner.run("predict.jar", work, "--model-dir", model.toString(), "--json", "--top", "3",
                SAMPLES.resolve("trouser.gif").toString());
        assertEquals(0, run.exitCode(), run.err());
        String json = run.out().strip();
        assertTrue(json.startsWith("{\"file\": ") && json.endsWith("}]}"), json);
        assertTrue(json.contains("\"class\": \"Trouser\"") && json.contains("\"top\": ["), json);
    }

    @Test
    void dataSetImagesAreNeverInvertedByAuto() throws Exception {
        var test = FashionMnist.load(DataLocator.SYSTEM_DIR).test();
        for (int i = 0; i < test.count(); i++) {
            int[] gray = new int[784];
            for (int p = 0; p < 784; p++) {
                gray[p] = test.images()[i * 784 + p] & 0xff;
            }
            assertFalse(ImageLoader.lightBorder(gray), "test image " + i);
        }
    }

    /**
     * --fit auto: a data-set image is read as Keras reads it, a photo-like file converted as a
     * product photo; --json says which; --save-fitted writes what the model saw.
     */
    @Test
    void autoFitReadsDataSetImagesAsKerasAndPhotosAsProducts() throws Exception {
        var test = FashionMnist.load(DataLocator.SYSTEM_DIR).test();
        Path photo = dev.fmnist.bench.PhotoLike.write(test, 1, Files.createDirectories(work.resolve("photos")));
        JarRunner.Run run = JarRunner.run("predict.jar", work, "--model", model.toString(), "--json",
                "--save-fitted", "fitted", SAMPLES.resolve("pullover.png").toString(), photo.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).contains("\"fit\": \"keras\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"fit\": \"fashion-mnist\"") && lines.get(1).contains("\"inverted\": true"),
                lines.get(1));
        var fitted = javax.imageio.ImageIO.read(work.resolve("fitted").resolve(
                photo.getFileName().toString()).toFile());
        assertEquals(28, fitted.getWidth());
        assertEquals(0, fitted.getRaster().getSample(0, 0, 0), "the product on black, as in the data set");
        int[] pixels = new int[784];
        var original = javax.imageio.ImageIO.read(SAMPLES.resolve("pullover.png").toFile());
        var saved = javax.imageio.ImageIO.read(work.resolve("fitted/pullover.png").toFile());
        for (int i = 0; i < 784; i++) {
            pixels[i] = saved.getRaster().getSample(i % 28, i / 28, 0);
            assertEquals(original.getRaster().getSample(i % 28, i / 28, 0), pixels[i], "pixel " + i);
        }
    }
}
