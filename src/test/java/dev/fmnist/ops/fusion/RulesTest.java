package dev.fmnist.ops.fusion;

import static dev.fmnist.model.GraphTesting.assertClose;
import static dev.fmnist.model.GraphTesting.constants;
import static dev.fmnist.model.GraphTesting.fetch;
import static dev.fmnist.model.GraphTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fmnist.model.Activation;
import dev.fmnist.model.CallContext;
import dev.fmnist.model.Conv2D;
import dev.fmnist.model.Initializer;
import dev.fmnist.model.Padding;
import dev.fmnist.model.Sequential;
import dev.fmnist.train.Preset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The stock rules against the steps they replace, built as Keras builds them: forward and backward. */
class RulesTest {
    /** Every step in its stock form: no rule at all. */
    private static final Fusion KERAS = new Fusion(false, false, List.of());

    private static Operand<TFloat32> images(Ops tf, int n) {
        return tf.constant(Shape.of(n, 28, 28, 1), DataBuffers.of(random(n * 784, 1)));
    }

    /** {@code model} built with constant weights from {@code seed}, each one added to {@code weights}. */
    private static Sequential built(Ops tf, Sequential model, long seed, List<Operand<TFloat32>> weights) {
        var store = constants(tf, seed);
        return model.build((name, shape, init) -> {
            Operand<TFloat32> w = store.weight(name, shape, init);
            weights.add(w);
            return w;
        });
    }

    /** The gradients of a weighted sum of {@code y}, so that every output position matters differently. */
    private static List<float[]> gradients(Ops tf, Session s, Operand<TFloat32> y, List<Operand<TFloat32>> weights,
                                           long[] shape) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        Operand<TFloat32> mix = tf.constant(Shape.of(shape), DataBuffers.of(random(n, 9)));
        int[] axes = new int[shape.length];
        Arrays.setAll(axes, i -> i);
        var g = tf.gradients(tf.sum(tf.math.mul(y, mix), tf.constant(axes)), weights);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            out.add(fetch(s, g.<TFloat32>dy(i)));
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"3, VALID, 32", "3, SAME, 16", "5, VALID, 8", "5, SAME, 8", "4, VALID, 3"})
    void singleChannelConvolutionIsStockConv2D(int k, Padding padding, int filters) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            List<Operand<TFloat32>> weights = new ArrayList<>();
            Sequential model = built(tf, new Sequential(Sequential.IMAGE_SHAPE, List.of(
                    new Conv2D("conv2d", filters, k, padding, Activation.RELU, Initializer.HE_UNIFORM))), 3, weights);
            Fusion rule = new Fusion(false, false, List.of(new SingleChannelConvRule()));
            Operand<TFloat32> ours = rule.output(tf, model, images(tf, 5), CallContext.INFERENCE);
            Operand<TFloat32> stock = KERAS.output(tf, model, images(tf, 5), CallContext.INFERENCE);
            assertEquals(1, count(g, "MatMul"), "the rule's product");
            assertEquals(1, count(g, "Conv2D"), "the stock step's");
            assertClose(fetch(s, stock), fetch(s, ours), 1e-6);
            long side = padding.outputLength(28, k, 1);
            long[] shape = {5, side, side, filters};
            List<float[]> gOurs = gradients(tf, s, ours, weights, shape);
            List<float[]> gStock = gradients(tf, s, stock, weights, shape);
            for (int i = 0; i < 2; i++) {
                assertClose(gStock.get(i), gOurs.get(i), 1e-5);
            }
        }
    }

    private static long count(Graph g, String type) {
        long n = 0;
        for (var ops = g.operations(); ops.hasNext(); ) {
            n += ops.next().type().equals(type) ? 1 : 0;
        }
        return n;
    }

    /** How many ReLU ops take a MaxPool's output. */
    private static long reluOfPooling(Graph g) {
        long n = 0;
        for (var ops = g.operations(); ops.hasNext(); ) {
            var op = (org.tensorflow.GraphOperation) ops.next();
            n += op.type().equals("Relu") && ((org.tensorflow.GraphOperation) op.input(0).op()).type().equals("MaxPool") ? 1 : 0;
        }
        return n;
    }

    /**
     * ReLU after pooling is exact: the same bits as ReLU before it, forward and in every gradient
     * (the deep model's in inference, whose batch normalisation has no gradient, forward only).
     */
    @ParameterizedTest
    @CsvSource({"app1, true", "ex9, true", "best, false"})
    void reluAfterPoolingIsExact(String preset, boolean backward) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            List<Operand<TFloat32>> weights = new ArrayList<>();
            Sequential model = built(tf, Preset.parse(preset).model().withDenseUnits(32).newSequential(), 5, weights);
            Fusion rule = new Fusion(false, false, List.of(new ReluAfterPoolRule()));
            Operand<TFloat32> swapped = rule.output(tf, model, images(tf, 4), CallContext.INFERENCE);
            Operand<TFloat32> stock = KERAS.output(tf, model, images(tf, 4), CallContext.INFERENCE);
            assertEquals(Arrays.toString(fetch(s, stock)), Arrays.toString(fetch(s, swapped)));
            long blocks = Preset.parse(preset).model().architecture().blocks();
            assertEquals(blocks, reluOfPooling(g), "each block's ReLU moved after its pooling");
            if (!backward) {
                return;
            }
            long[] shape = {4, 10};
            List<float[]> gSwapped = gradients(tf, s, swapped, weights, shape);
            List<float[]> gStock = gradients(tf, s, stock, weights, shape);
            for (int i = 0; i < weights.size(); i++) {
                assertEquals(Arrays.toString(gStock.get(i)), Arrays.toString(gSwapped.get(i)), "weight " + i);
            }
        }
    }
}
