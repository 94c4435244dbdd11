package dev.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Our Conv2D and block rewrites against TensorFlow's stock ops, forward and backward. */
class Conv2DTest {

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            // A quarter of exact zeros, as the data set's black background gives.
            v[i] = r.nextInt(4) == 0 ? 0f : (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    /** A weight store of constants, so both graphs see the same weights. */
    private static WeightStore constants(Ops tf, long seed) {
        return (name, shape, init) -> tf.constant(shape, DataBuffers.of(random((int) shape.size(), seed + name.hashCode())));
    }

    private static float[] fetch(Session s, Operand<TFloat32> o) {
        try (Result r = s.runner().fetch(o).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            float[] v = new float[(int) t.shape().size()];
            t.asRawTensor().data().asFloats().read(v);
            return v;
        }
    }

    private static void assertClose(float[] expected, float[] actual, double relative) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.max(scale, 1e-6), "element " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({"3, VALID, 32", "3, SAME, 16", "5, VALID, 8", "5, SAME, 8", "4, VALID, 3"})
    void singleChannelConvolutionEqualsStockConv2D(int k, Padding padding, int filters) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Shape.of(5, 28, 28, 1), DataBuffers.of(random(5 * 784, 1)));
            Conv2D layer = new Conv2D("conv2d", filters, k, padding, Activation.RELU, Initializer.HE_UNIFORM);
            List<Operand<TFloat32>> weights = new ArrayList<>();
            WeightStore store = constants(tf, 3);
            layer.build(new long[] {28, 28, 1}, (name, shape, init) -> {
                Operand<TFloat32> w = store.weight(name, shape, init);
                weights.add(w);
                return w;
            });
            Operand<TFloat32> ours = layer.call(tf, x, CallContext.INFERENCE);
            Operand<TFloat32> stock = tf.nn.relu(tf.nn.biasAdd(
                    tf.nn.conv2d(x, weights.get(0), List.of(1L, 1L, 1L, 1L), padding.tfName()), weights.get(1)));
            assertClose(fetch(s, stock), fetch(s, ours), 1e-6);

            // Gradients of a weighted sum, so every output position matters differently.
            int side = (int) padding.outputLength(28, k, 1);
            Operand<TFloat32> mix = tf.constant(Shape.of(5, side, side, filters),
                    DataBuffers.of(random(5 * side * side * filters, 9)));
            var gOurs = tf.gradients(tf.sum(tf.math.mul(ours, mix), tf.constant(new int[] {0, 1, 2, 3})), weights);
            var gStock = tf.gradients(tf.sum(tf.math.mul(stock, mix), tf.constant(new int[] {0, 1, 2, 3})), weights);
            for (int i = 0; i < 2; i++) {
                assertClose(fetch(s, gStock.<TFloat32>dy(i)), fetch(s, gOurs.<TFloat32>dy(i)), 1e-5);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"app1", "ex9"})
    void reluAfterPoolingIsExactlyTheLayerByLayerModel(String preset) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Sequential model = Sequential.of(ModelConfig.preset(preset).withDenseUnits(32)).build(constants(tf, 5));
            Operand<TFloat32> x = tf.constant(Shape.of(4, 28, 28, 1), DataBuffers.of(random(4 * 784, 2)));
            Operand<TFloat32> layerByLayer = x;
            for (Layer layer : model.layers()) {
                layerByLayer = layer.call(tf, layerByLayer, CallContext.INFERENCE);
            }
            float[] expected = fetch(s, layerByLayer);
            float[] actual = fetch(s, model.probabilities(tf, x, CallContext.INFERENCE));
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(actual));
        }
    }
}
