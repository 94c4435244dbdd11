package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.util.PythonFormat;
import dev.fmnist.util.Stats;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kfold.jar as a user runs it, on the real data set. */
class KfoldJarIT {
    static final Pattern FOLD_LINE = Pattern.compile("Accuracy for set (\\d) = (0\\.\\d+)");
    static final Pattern SUMMARY = Pattern.compile("Accuracy: mean = (\\d+\\.\\d{3}) std = (\\d+\\.\\d{3}), n = (\\d+)");

    @TempDir
    Path work;

    @BeforeAll
    static void needsTheDataSet() {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
    }

    private long filesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void defaultRunIsTheLabsApplication2() throws Exception {
        JarRunner.Run run = JarRunner.run("kfold.jar", work);
        assertEquals(0, run.exitCode(), run.err());
        // The README's example of it, as written there: this run is its check (DocExamplesIT.RUN_ELSEWHERE).
        DocExamples.assertShows(DocExamples.all().stream().filter(e -> e.command().equals("java -jar target/kfold.jar"))
                .findFirst().orElseThrow(), run.out(), work);
        List<String> lines = run.out().lines().toList();
        assertEquals(25, lines.stream().filter(l -> l.startsWith("1500/1500 - ")).count(), "5 folds x 5 epochs");
        double[] acc = new double[5];
        int k = 0;
        for (String l : lines) {
            Matcher m = FOLD_LINE.matcher(l);
            if (m.matches()) {
                assertEquals(k, Integer.parseInt(m.group(1)));
                acc[k++] = Double.parseDouble(m.group(2));
                // As the lab prints Keras' float32 accuracy: widened to a double, in Python's shortest form.
                assertEquals((double) (float) acc[k - 1], acc[k - 1], 0.0, l);
                assertEquals(PythonFormat.repr(acc[k - 1]), m.group(2), l);
            }
        }
        assertEquals(5, k);
        Matcher summary = lines.stream().map(SUMMARY::matcher).filter(Matcher::matches).findFirst().orElseThrow();
        double mean = Double.parseDouble(summary.group(1));
        assertTrue(mean >= 87 && mean <= 90, "the lab's band is 87% to 90% (lab: 88.04%), got " + mean);
        assertEquals(100 * Stats.mean(acc), mean, 0.0006);
        assertEquals(100 * Stats.populationStd(acc), Double.parseDouble(summary.group(2)), 0.0006);
        assertEquals("5", summary.group(3));

        BufferedImage plot = ImageIO.read(work.resolve(KfoldCli.DEFAULT_PLOT).toFile());
        assertTrue(plot.getWidth() >= 800 && plot.getHeight() >= 600);
        List<String> csv = Files.readAllLines(work.resolve(KfoldCli.DEFAULT_HISTORY));
        assertEquals(1 + 25, csv.size());
        assertTrue(csv.get(25).startsWith("4,5,"), csv.get(25));
    }

    @Test
    void oneFoldOnlyForSpreadingOverMachines() throws Exception {
        JarRunner.Run run = JarRunner.run("kfold.jar", work, "--fold", "3", "--epochs", "1",
                "--plot", "f3.png", "--history", "f3.csv");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Accuracy for set 3 = "), run.out());
        assertTrue(run.out().contains("n = 1"), run.out());
        List<String> csv = Files.readAllLines(work.resolve("f3.csv"));
        assertEquals(2, csv.size());
        assertTrue(csv.get(1).startsWith("3,1,"));
        assertTrue(Files.size(work.resolve("f3.png")) > 0);
    }

    @Test
    void badFoldFlagsAreUsageErrorsThatWriteNothing() throws Exception {
        for (String[] args : List.of(new String[] {"--folds", "1"}, new String[] {"--folds", "60001"},
                new String[] {"--fold", "5"}, new String[] {"--fold", "-1"}, new String[] {"--fold-seed", "-3"},
                new String[] {"--plot", work.resolve("missing-dir/curves.png").toString()},
                new String[] {"--history", work.toString()})) {
            JarRunner.Run run = JarRunner.run("kfold.jar", work, args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
            String err = run.err().strip();
            assertTrue(err.startsWith("Error: ") && !err.contains("Exception"), err);
            assertFalse(run.out().contains("Epoch"), "no training for " + String.join(" ", args));
            assertEquals(0, filesIn(work), "nothing written for " + String.join(" ", args));
        }
    }
}
