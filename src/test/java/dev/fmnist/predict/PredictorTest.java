package dev.fmnist.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.data.Dataset;
import dev.fmnist.export.ModelDirectory;
import dev.fmnist.export.ModelException;
import dev.fmnist.export.SavedModelExporter;
import dev.fmnist.ops.Kernels;
import dev.fmnist.train.Execution;
import dev.fmnist.train.Preset;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.Synthetic;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class PredictorTest {
    @TempDir
    Path dir;

    @Test
    void imageFilesGiveTheTrainersProbabilities() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Dataset train = Synthetic.squares(320, 5);
        Dataset test = Synthetic.squares(20, 6);
        Recipe config = Preset.APP1.recipe().withModel(m -> m.withFilters(8)).withTraining(tc -> tc.withEpochs(1));
        Path model = dir.resolve("model");
        float[] expected;
        try (Trainer t = new Trainer(config, Execution.cpu(2, Kernels.STOCK), train, test)) {
            t.fit(null, TrainingListener.SILENT);
            expected = t.predict(test, test.allIndices());
            SavedModelExporter.export(config.model(), t.weightValues(), new ModelDirectory(model));
        }
        float[][] inputs = new float[test.count()][];
        for (int i = 0; i < test.count(); i++) {
            Path png = dir.resolve("img" + i + ".png");
            ImageIO.write(SampleWriter.grey(test, i, 1 + i % 3, false), "png", png.toFile());
            inputs[i] = ImageLoader.toInput(ImageLoader.loadGray28(png), false);
        }
        try (Predictor p = Predictor.load(model)) {
            float[][] got = p.predict(inputs);
            for (int i = 0; i < test.count(); i++) {
                float[] want = java.util.Arrays.copyOfRange(expected, i * 10, i * 10 + 10);
                assertArrayEquals(want, got[i], 1e-6f, "image " + i);
            }
        }
    }

    @Test
    void missingOrForeignDirectoriesAreRefused() throws Exception {
        ModelException missing = assertThrows(ModelException.class, () -> Predictor.load(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Files.writeString(dir.resolve("readme.txt"), "not a model");
        ModelException foreign = assertThrows(ModelException.class, () -> Predictor.load(dir));
        assertTrue(foreign.getMessage().contains("is not a SavedModel"), foreign.getMessage());
        Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
        Files.write(corrupt.resolve(ModelDirectory.SAVED_MODEL_FILE), new byte[] {1, 2, 3, 4, 5});
        ModelException broken = assertThrows(ModelException.class, () -> Predictor.load(corrupt));
        assertTrue(broken.getMessage().contains("cannot be loaded"), broken.getMessage());
    }

    @Test
    void savedModelWithAnotherInputShapeIsRefused() throws Exception {
        Path model = dir.resolve("wide");
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 32, 32, 3)));
            Variable<TFloat32> w = tf.withName("w").variable(tf.withInitScope().constant(new float[3][10]));
            var flat = tf.reshape(tf.math.mean(x, tf.constant(new int[] {1, 2})), tf.constant(new long[] {-1, 3}));
            var y = tf.nn.softmax(tf.linalg.matMul(flat, w));
            try (Session s = new Session(g)) {
                s.initialize();
                SavedModelBundle.exporter(model.toString()).withSession(s).withSignature(
                        Signature.builder().input("x", x).output("y", y).build()).export();
            }
        }
        ModelException e = assertThrows(ModelException.class, () -> Predictor.load(model));
        assertTrue(e.getMessage().contains("[N,28,28,1]") && e.getMessage().contains("32"), e.getMessage());
    }
}
