package dev.fmnist.bench;

import dev.fmnist.cli.PredictCli;
import dev.fmnist.data.DataLocator;
import dev.fmnist.data.DataSource;
import dev.fmnist.data.Dataset;
import dev.fmnist.ops.TensorFlowLogs;
import dev.fmnist.predict.Fit;
import dev.fmnist.predict.ImageException;
import dev.fmnist.predict.Predictor;
import dev.fmnist.predict.SampleWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The photo benchmark (scripts/bench-photos.sh): the first N test images as files, and as
 * photo-like files ({@link PhotoLike}), classified by a model read by each fit; prints accuracy.
 *
 * <pre>java -cp test-classes:predict.jar dev.fmnist.bench.PhotoBenchmark MODEL [N]</pre>
 */
public final class PhotoBenchmark {
    private PhotoBenchmark() {}

    public static void main(String[] args) throws Exception {
        TensorFlowLogs.quiet(false);
        System.setProperty("java.awt.headless", "true");
        Path model = Path.of(args.length > 0 ? args[0] : PredictCli.DEFAULT_MODEL_DIR);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Dataset test = DataSource.load(DataLocator.forThisMachine(), null, false, System.err).test();
        Path dir = Files.createTempDirectory("photos");
        try (Predictor predictor = Predictor.load(model)) {
            List<Path> originals = SampleWriter.writeFirst(test, n, dir);
            List<Path> photos = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                photos.add(PhotoLike.write(test, i, dir));
            }
            System.out.printf(Locale.ROOT, "%-42s %-16s %s%n", "images (first " + n + " test images)", "fit", "accuracy");
            row("the test images, 28x28 PNG", Fit.AUTO, originals, test, predictor);
            row("photo-like files (PNG, RGBA PNG, JPEG)", Fit.KERAS, photos, test, predictor);
            row("photo-like files (PNG, RGBA PNG, JPEG)", Fit.FASHION_MNIST, photos, test, predictor);
            row("photo-like files (PNG, RGBA PNG, JPEG)", Fit.AUTO, photos, test, predictor);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void row(String what, Fit fit, List<Path> files, Dataset test, Predictor predictor)
            throws ImageException {
        float[][] inputs = new float[files.size()][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = fit.load(files.get(i), null).input();
        }
        float[][] p = predictor.predict(inputs);
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += dev.fmnist.predict.Prediction.ranking(p[i])[0] == test.label(i) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%-42s %-16s %.1f%%%n", what, fit, 100.0 * right / p.length);
    }
}
