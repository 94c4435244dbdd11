package dev.fmnist.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.data.Dataset;
import dev.fmnist.export.ModelDirectory;
import dev.fmnist.export.SavedModelExporter;
import dev.fmnist.model.CallContext;
import dev.fmnist.model.Sequential;
import dev.fmnist.ops.fusion.Fusion;
import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.Execution;
import dev.fmnist.train.History;
import dev.fmnist.train.Preset;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.Synthetic;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingListener;
import dev.fmnist.train.optimizers.OptimizerKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Models trained with the fused op: where it is used, what it learns, what is saved. */
class FusedTrainingTest {
    static final Dataset TRAIN = Synthetic.squares(640, 21);
    static final Dataset TEST = Synthetic.squares(200, 22);

    @TempDir
    Path dir;

    private static long fusedOps(Recipe config) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Sequential model = config.model().newSequential().build((name, shape, init) -> tf.variable(tf.zeros(
                    tf.constant(shape.asArray()), TFloat32.class)));
            Operand<TFloat32> x = tf.placeholder(TFloat32.class,
                    org.tensorflow.op.core.Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            Fusion.of(Kernels.NATIVE, true).logits(tf, model, x, CallContext.INFERENCE);
            long count = 0;
            var ops = g.operations();
            while (ops.hasNext()) {
                count += ops.next().type().equals(NativeOps.FORWARD) ? 1 : 0;
            }
            return count;
        }
    }

    /**
     * The op takes single-channel blocks with k 3, 5 or 7, a bias and at most 256 filters: every
     * conv block of the lab's models and of our kernel-size table (valid and same padding, 8 to 128
     * filters); others stay stock.
     */
    @ParameterizedTest
    @CsvSource({"app1, 3, 32, 1", "ex9, 3, 32, 1", "app1, 5, 256, 1", "app1, 4, 32, 0", "app1, 3, 300, 0",
                "best, 3, 32, 0", "app1, 7, 32, 1", "ex9, 7, 128, 1", "ex10, 5, 64, 1", "app1, 3, 128, 1",
                "app1, 9, 32, 0"})
    void fusesOnlyTheBlocksItSupports(String preset, int k, int filters, long expected) {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        Recipe c = Preset.parse(preset).recipe().withModel(m -> m.withKernelSize(k).withFilters(filters));
        assertEquals(expected, fusedOps(c));
    }

    /** How many ops of each type the training graph holds, built with one step per run (no chain of steps). */
    private static java.util.Map<String, Long> trainingOps(Recipe c, Kernels kernels) throws Exception {
        try (Trainer t = new Trainer(c, Execution.cpu(2, kernels).withStepsPerExecution(1), TRAIN, TEST)) {
            return org.tensorflow.proto.GraphDef.parseFrom(t.graphDef()).getNodeList().stream()
                    .collect(java.util.stream.Collectors.groupingBy(n -> n.getOp(), java.util.stream.Collectors.counting()));
        }
    }

    /**
     * With our kernels, SGD updates every Dense kernel and bias (Exercise 9's 512 and 10 units,
     * Application 1's 16 and 10) in its fused backward pass, and ApplyMomentum the conv kernel and
     * bias; every Dense layer computes its forward product and bias with our op too, in the
     * training step and in the evaluation graphs (one for each of the two data sets), where Adam's
     * run uses it as well. Stock ops leave the Dense weights to the stock optimizer and the products
     * to MatMul, and Adam the weights.
     */
    @Test
    void sgdUpdatesDenseWeightsInTheFusedBackwardPass() throws Exception {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        var fused = trainingOps(Preset.EX9.recipe(), Kernels.NATIVE);
        assertEquals(2L, fused.getOrDefault(NativeOps.DENSE_MOMENTUM, 0L));
        assertEquals(2L, fused.getOrDefault(NativeOps.BIAS_MOMENTUM, 0L));
        assertEquals(2L, fused.getOrDefault("ApplyMomentum", 0L));
        assertEquals(2L + 2 * 2, fused.getOrDefault(NativeOps.DENSE_PRODUCT, 0L));
        assertEquals(0L, fused.getOrDefault("MatMul", 0L));
        var stock = trainingOps(Preset.EX9.recipe(), Kernels.STOCK);
        assertEquals(0L, stock.getOrDefault(NativeOps.DENSE_MOMENTUM, 0L));
        assertEquals(0L, stock.getOrDefault(NativeOps.BIAS_MOMENTUM, 0L));
        assertEquals(6L, stock.getOrDefault("ApplyMomentum", 0L));
        var narrow = trainingOps(Preset.APP1.recipe(), Kernels.NATIVE);
        assertEquals(2L, narrow.getOrDefault(NativeOps.DENSE_MOMENTUM, 0L));
        assertEquals(2L, narrow.getOrDefault(NativeOps.BIAS_MOMENTUM, 0L));
        assertEquals(2L + 2 * 2, narrow.getOrDefault(NativeOps.DENSE_PRODUCT, 0L));
        assertEquals(2L, narrow.getOrDefault("ApplyMomentum", 0L));
        var narrowStock = trainingOps(Preset.APP1.recipe(), Kernels.STOCK);
        assertEquals(0L, narrowStock.getOrDefault(NativeOps.DENSE_PRODUCT, 0L));
        // The step's batch and each evaluation's (the two data sets) are read by our one op, whose
        // numbers are Gather, Cast and Div's; only the labels are gathered by GatherV2.
        assertEquals(1L + 2, narrow.getOrDefault(NativeOps.SCALED_IMAGES, 0L));
        assertEquals(1L + 2, narrow.getOrDefault("GatherV2", 0L));
        assertEquals(0L, narrowStock.getOrDefault(NativeOps.SCALED_IMAGES, 0L));
        assertEquals(2L * (1 + 2), narrowStock.getOrDefault("GatherV2", 0L));
        assertEquals(6L, narrowStock.getOrDefault("ApplyMomentum", 0L));
        var adam = trainingOps(Preset.APP1.recipe().withTraining(tc -> tc.withOptimizer(OptimizerKind.ADAM)), Kernels.NATIVE);
        assertEquals(0L, adam.getOrDefault(NativeOps.DENSE_MOMENTUM, 0L));
        assertEquals(0L, adam.getOrDefault(NativeOps.BIAS_MOMENTUM, 0L));
        assertEquals(2L * 2, adam.getOrDefault(NativeOps.DENSE_PRODUCT, 0L), "the evaluations' products");
    }

    /** Dropout is our op when our kernels run on the CPU, TensorFlow's otherwise. */
    @Test
    void dropoutIsOurOpOnTheCpu() throws Exception {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        var fused = trainingOps(Preset.EX9.recipe(), Kernels.NATIVE);
        var stock = trainingOps(Preset.EX9.recipe(), Kernels.STOCK);
        assertEquals(2L, fused.getOrDefault(NativeOps.DROPOUT, 0L), "the layer and its gradient");
        assertEquals(0L, stock.getOrDefault(NativeOps.DROPOUT, 0L));
        // The weights' initialisers draw theirs with StatelessRandomUniform in both graphs.
        assertEquals(stock.get("StatelessRandomUniform") - 1, fused.get("StatelessRandomUniform"));
    }

    /**
     * Exercise 9 (dropout, a 6272 x 512 Dense kernel updated in its backward pass) trained with our
     * ops and with stock ones: the same dropout masks and steps, so the same losses but for the
     * rounding of sums.
     */
    @Test
    void exercise9TrainsAsWithStockOps() throws Exception {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        Recipe c = Preset.EX9.recipe().withTraining(tc -> tc.withEpochs(2));
        History fused = fit(c, Kernels.NATIVE);
        History stock = fit(c, Kernels.STOCK);
        for (int e = 0; e < 2; e++) {
            assertEquals(stock.epochs().get(e).loss(), fused.epochs().get(e).loss(), 1e-3 * stock.epochs().get(e).loss(),
                    "epoch " + e + " loss");
        }
    }

    private static History fit(Recipe c, Kernels kernels) throws Exception {
        try (Trainer t = new Trainer(c, Execution.cpu(2, kernels), TRAIN, TEST)) {
            return t.fit(TEST, TrainingListener.SILENT);
        }
    }

    @Test
    void nativeTrainingFollowsStockTrainingAndRepeatsExactly() throws Exception {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        Recipe c = Preset.APP1.recipe().withModel(m -> m.withFilters(16)).withTraining(tc -> tc.withEpochs(3));
        History fused = fit(c, Kernels.NATIVE);
        History stock = fit(c, Kernels.STOCK);
        for (int e = 0; e < 3; e++) {
            EpochLogs a = fused.epochs().get(e);
            EpochLogs b = stock.epochs().get(e);
            // The same model and steps; only the order of float additions differs.
            assertEquals(b.loss(), a.loss(), 0.02 * b.loss() + 1e-3, "epoch " + e + " loss");
            assertEquals(b.valAccuracy(), a.valAccuracy(), 0.03, "epoch " + e + " val_accuracy");
        }
        assertTrue(fused.last().valAccuracy() > 0.8, "learns: " + fused.last().valAccuracy());
        assertEquals(fused.epochs().stream().map(EpochLogs::loss).toList(),
                fit(c, Kernels.NATIVE).epochs().stream().map(EpochLogs::loss).toList(), "runs repeat exactly");
    }

    @Test
    void savedModelOfANativeRunHoldsStockOpsOnly() throws Exception {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        Recipe c = Preset.APP1.recipe().withModel(m -> m.withFilters(8)).withTraining(tc -> tc.withEpochs(1));
        Path target = dir.resolve("model");
        float[] expected;
        try (Trainer t = new Trainer(c, Execution.cpu(2, Kernels.NATIVE), TRAIN, TEST)) {
            t.fit(null, TrainingListener.SILENT);
            expected = t.predict(TEST, TEST.allIndices());
            SavedModelExporter.export(c.model(), t.weightValues(), new ModelDirectory(target));
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(target.toString(), SavedModelExporter.TAG)) {
            assertFalse(bundle.metaGraphDef().getGraphDef().getNodeList().stream()
                    .anyMatch(n -> n.getOp().startsWith("Fmnist")), "portable: no op of ours");
        }
        float[] served = dev.fmnist.export.SavedModelExporterTest.predictWithSavedModel(target, TEST);
        assertArrayEquals(expected, served, 1e-5f);
    }
}
