package dev.fmnist.model;

import static dev.fmnist.model.GraphTesting.assertClose;
import static dev.fmnist.model.GraphTesting.constants;
import static dev.fmnist.model.GraphTesting.fetch;
import static dev.fmnist.model.GraphTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
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

/** Our Conv2D and block rewrites against TensorFlow's stock ops, forward and backward. */
class Conv2DTest {
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
    @CsvSource({"app1", "ex9", "best"})
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
