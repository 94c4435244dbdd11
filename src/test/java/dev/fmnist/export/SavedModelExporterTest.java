package dev.fmnist.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.data.Dataset;
import dev.fmnist.ops.Kernels;
import dev.fmnist.train.Execution;
import dev.fmnist.train.Preset;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.Synthetic;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

public class SavedModelExporterTest {
    @TempDir
    Path dir;

    static final Dataset TRAIN = Synthetic.squares(320, 3);
    static final Dataset TEST = Synthetic.squares(100, 4);

    /** Probabilities from a SavedModel loaded in its own session, fed pixels / 255 as a user would. */
    public static float[] predictWithSavedModel(Path modelDir, Dataset data) {
        float[] pixels = new float[data.count() * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (data.images()[i] & 0xff) / 255f;
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), SavedModelExporter.TAG);
             TFloat32 in = TFloat32.tensorOf(Shape.of(data.count(), 28, 28, 1), DataBuffers.of(pixels, true, false));
             Result out = bundle.function(Signature.DEFAULT_KEY).call(Map.of(SavedModelExporter.INPUT, in))) {
            TFloat32 probs = (TFloat32) out.get(SavedModelExporter.OUTPUT).orElseThrow();
            assertEquals(Shape.of(data.count(), 10), probs.shape());
            float[] p = new float[data.count() * 10];
            probs.asRawTensor().data().asFloats().read(p);
            return p;
        }
    }

    /**
     * The best preset adds batch normalisation (moving averages) and augmentation layers. The
     * SavedModel records its layers, so that it converts to ONNX: read back, the layers and weights
     * are the trainer's, and in ONNX Runtime the file gives the trainer's probabilities on the test
     * images within 1e-5, and the same answers.
     */
    @ParameterizedTest
    @ValueSource(strings = {"app1", "best"})
    void savedModelGivesTheTrainersProbabilitiesWithoutRandomLayers(String preset) throws Exception {
        Recipe config = preset.equals("app1") ? Preset.APP1.recipe().withModel(m -> m.withFilters(8)).withTraining(tc -> tc.withEpochs(1)).withModel(m -> m.withDropout(0.5))
                : Preset.BEST.recipe().withModel(m -> m.withFilters(4).withDenseUnits(16)).withTraining(tc -> tc.withEpochs(1));
        Path target = dir.resolve("model");
        float[] expected;
        Map<String, float[]> weights;
        try (Trainer t = new Trainer(config, Execution.cpu(2, Kernels.STOCK), TRAIN, TEST)) {
            t.fit(null, TrainingListener.SILENT);
            expected = t.predict(TEST, TEST.allIndices());
            weights = t.weightValues();
            SavedModelExporter.export(config.model(), weights, new ModelDirectory(target));
        }
        assertTrue(ModelDirectory.isSavedModel(target));
        assertArrayEquals(expected, predictWithSavedModel(target, TEST), 1e-6f);
        try (SavedModelBundle bundle = SavedModelBundle.load(target.toString(), "serve")) {
            Signature s = bundle.function(Signature.DEFAULT_KEY).signature();
            assertEquals(List.of(-1L, 28L, 28L, 1L), List.of(s.getInputs().get("images").shape.asArray()[0],
                    s.getInputs().get("images").shape.asArray()[1], s.getInputs().get("images").shape.asArray()[2],
                    s.getInputs().get("images").shape.asArray()[3]));
            boolean random = bundle.metaGraphDef().getGraphDef().getNodeList().stream()
                    .anyMatch(n -> n.getOp().contains("Random"));
            assertFalse(random, "the serving graph holds no random op: dropout and augmentation are off");
        }
        SavedModelWeights.Contents saved = SavedModelWeights.readModel(target);
        assertEquals(config.model().newSequential().build(dev.fmnist.model.WeightStore.SHAPES_ONLY).summary(),
                saved.architecture().build(dev.fmnist.model.WeightStore.SHAPES_ONLY).summary());
        assertEquals(weights.keySet(), saved.weights().keySet());
        weights.forEach((name, v) -> assertArrayEquals(v, saved.weights().get(name), name));
        Path onnx = dir.resolve("model.onnx");
        dev.fmnist.onnx.OnnxWriter.write(onnx, saved.architecture(), saved.weights(), "a test");
        float[][] images = new float[TEST.count()][784];
        float[][] ours = new float[TEST.count()][10];
        for (int i = 0; i < TEST.count(); i++) {
            for (int p = 0; p < 784; p++) {
                images[i][p] = (TEST.images()[i * 784 + p] & 0xff) / 255f;
            }
            System.arraycopy(expected, i * 10, ours[i], 0, 10);
        }
        float[][] theirs = dev.fmnist.onnx.OnnxRuntime.predict(onnx, images);
        double difference = dev.fmnist.onnx.OnnxRuntime.largestDifference(ours, theirs);
        assertTrue(difference < 1e-5, "largest difference " + difference);
        int[] labels = TEST.labelArray();
        assertEquals(dev.fmnist.onnx.OnnxRuntime.correct(ours, labels), dev.fmnist.onnx.OnnxRuntime.correct(theirs, labels));
    }

    /** A SavedModel saved before SavedModels recorded their layers is refused for conversion, with the way out. */
    @Test
    void aSavedModelWithoutItsLayersIsRefusedForConversion() throws Exception {
        Recipe config = Preset.APP1.recipe().withModel(m -> m.withFilters(4)).withTraining(tc -> tc.withEpochs(1));
        Path target = dir.resolve("model");
        try (Trainer t = new Trainer(config, Execution.cpu(1, Kernels.STOCK), TRAIN)) {
            SavedModelExporter.export(config.model(), t.weightValues(), new ModelDirectory(target));
        }
        assertTrue(Files.isRegularFile(target.resolve(SavedModelExporter.LAYERS_FILE)));
        ModelDirectory.deleteRecursively(target.resolve("assets.extra"));
        ModelException e = assertThrows(ModelException.class, () -> SavedModelWeights.readModel(target));
        assertEquals("The SavedModel in " + target + " does not record its layers (an earlier version saved it), so it"
                + " cannot be converted as it is.", e.getMessage());
        assertEquals(java.util.Optional.of(dev.fmnist.util.FmnistException.Remedy.LAYERS_UNRECORDED), e.remedy());
    }

    @Test
    void replacesAPreviousModelAndLeavesNoTemporaries() throws Exception {
        Recipe config = Preset.APP1.recipe().withModel(m -> m.withFilters(4)).withTraining(tc -> tc.withEpochs(1));
        Path target = dir.resolve("model");
        try (Trainer t = new Trainer(config, Execution.cpu(1, Kernels.STOCK), TRAIN)) {
            ModelDirectory md = new ModelDirectory(target);
            SavedModelExporter.export(config.model(), t.weightValues(), md);
            Files.writeString(target.resolve("marker"), "first");
            md.checkWritable();
            SavedModelExporter.export(config.model(), t.weightValues(), md);
        }
        assertFalse(Files.exists(target.resolve("marker")), "the old model was replaced");
        // Readable by others as any directory the user makes (a server, a teammate), not 0700.
        Path usual = Files.createDirectory(dir.resolve("usual"));
        assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(target));
        Files.delete(usual);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(target), s.toList());
        }
    }

    @Test
    void refusesToReplaceSomethingThatIsNotAModel() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("thesis.tex"), "precious");
        ModelException e = assertThrows(ModelException.class, () -> new ModelDirectory(docs).checkWritable());
        assertTrue(e.getMessage().contains("not a SavedModel"), e.getMessage());
        assertEquals("precious", Files.readString(docs.resolve("thesis.tex")));

        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThrows(ModelException.class, () -> new ModelDirectory(file).checkWritable());
        ModelException under = assertThrows(ModelException.class,
                () -> new ModelDirectory(file.resolve("model")).checkWritable());
        assertTrue(under.getMessage().contains("Cannot write"), under.getMessage());
    }

    @Test
    void recoversTheOldModelAfterAnInterruptedSwap() throws Exception {
        Path old = Files.createDirectories(dir.resolve(".model.old-123"));
        Files.writeString(old.resolve(ModelDirectory.SAVED_MODEL_FILE), "pb");
        Files.createDirectories(dir.resolve(".model.tmp-456"));
        new ModelDirectory(dir.resolve("model")).recover();
        assertTrue(ModelDirectory.isSavedModel(dir.resolve("model")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("model")), s.toList());
        }
    }
}
