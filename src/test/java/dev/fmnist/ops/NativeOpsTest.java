package dev.fmnist.ops;

import static dev.fmnist.model.GraphTesting.assertClose;
import static dev.fmnist.model.GraphTesting.fetch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
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
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/** The fused op and its Java-registered gradient against TensorFlow's stock ops. */
class NativeOpsTest {

    /** Images with a black band (windows there tie, as on Fashion-MNIST's background) and a quarter black pixels. */
    static float[] images(int n, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * h * w];
        for (int i = 0; i < v.length; i++) {
            boolean band = (i % (h * w)) < h * w / 3;
            v[i] = band || r.nextInt(4) == 0 ? 0f : (float) r.nextDouble();
        }
        return v;
    }

    static float[] uniform(int n, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(lo, hi);
        }
        return v;
    }

    @Test
    void libraryLoadsInThisBuild() {
        assertTrue(NativeOps.available(), "the native ops should load here: " + NativeOps.whyUnavailable());
    }

    @ParameterizedTest
    @CsvSource({"3, VALID, 32, 28, 28", "3, SAME, 32, 28, 28", "5, VALID, 16, 28, 28", "5, SAME, 7, 28, 28",
                "3, VALID, 1, 27, 27", "3, SAME, 256, 9, 11", "5, VALID, 40, 7, 6"})
    void forwardAndGradientsEqualTheStockGraph(int k, String padding, int filters, int h, int w) {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        int n = 6;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Shape.of(n, h, w, 1), DataBuffers.of(images(n, h, w, k * 31L + filters)));
            Operand<TFloat32> kernel = tf.variable(tf.constant(Shape.of(k, k, 1, filters),
                    DataBuffers.of(uniform(k * k * filters, -0.5, 0.5, 7))));
            // Biases around zero: some windows stay below it (ReLU blocks them), black ones tie at it.
            Operand<TFloat32> bias = tf.variable(tf.constant(Shape.of(filters),
                    DataBuffers.of(uniform(filters, -0.1, 0.2, 8))));
            Operand<TFloat32> ours = NativeOps.convReluPool(tf, x, kernel, bias, padding);
            long[] window = {1, 2, 2, 1};
            Operand<TFloat32> conv = tf.nn.biasAdd(tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), padding), bias);
            Operand<TFloat32> stock = tf.nn.relu(tf.scope().opBuilder("MaxPool", "stock_pool")
                    .addInput(conv.asOutput()).setAttr("ksize", window).setAttr("strides", window)
                    .setAttr("padding", "VALID").build().<TFloat32>output(0));
            s.initialize();
            float[] expected = fetch(s, stock);
            assertClose(expected, fetch(s, ours), 1e-6, "forward");

            long oh = padding.equals("SAME") ? h : h - k + 1;
            long ow = padding.equals("SAME") ? w : w - k + 1;
            int outputs = (int) (n * (oh / 2) * (ow / 2) * filters);
            Operand<TFloat32> mix = tf.constant(Shape.of(n, oh / 2, ow / 2, filters),
                    DataBuffers.of(uniform(outputs, -1, 1, 9)));
            var gOurs = tf.gradients(tf.sum(tf.math.mul(ours, mix), tf.constant(new int[] {0, 1, 2, 3})),
                    List.of(kernel, bias));
            var gStock = tf.gradients(tf.sum(tf.math.mul(stock, mix), tf.constant(new int[] {0, 1, 2, 3})),
                    List.of(kernel, bias));
            // Each gradient is a sum of up to n * oh * ow / 4 terms of magnitude up to 1 (pixels and
            // mix are at most 1): within 1e-5 of the larger of the gradient and one term. A
            // gradient that cancels to 0.15 over a thousand terms is rounded by both sums to about 1e-6.
            assertClose(fetch(s, gStock.dy(0)), fetch(s, gOurs.dy(0)), 1e-5, 1.0, "kernel gradient");
            assertClose(fetch(s, gStock.dy(1)), fetch(s, gOurs.dy(1)), 1e-5, 1.0, "bias gradient");
        }
    }

    /** d/d bias of sum(mix * y), by central differences, against the op's gradient. */
    @Test
    void biasGradientMatchesFiniteDifferences() {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        int n = 3, h = 12, w = 12, k = 3, filters = 5;
        float[] b0 = uniform(filters, -0.1, 0.2, 3);
        float[] mixValues = uniform(n * 5 * 5 * filters, -1, 1, 4);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Shape.of(n, h, w, 1), DataBuffers.of(uniform(n * h * w, 0, 1, 5)));
            Operand<TFloat32> kernel = tf.constant(Shape.of(k, k, 1, filters), DataBuffers.of(uniform(45, -0.5, 0.5, 6)));
            var biasIn = tf.placeholder(TFloat32.class);
            Operand<TFloat32> loss = tf.sum(tf.math.mul(NativeOps.convReluPool(tf, x, kernel, biasIn, "VALID"),
                    tf.constant(Shape.of(n, 5, 5, filters), DataBuffers.of(mixValues))), tf.constant(new int[] {0, 1, 2, 3}));
            var grad = tf.gradients(loss, List.of(biasIn));
            float[] analytic;
            try (TFloat32 b = TFloat32.vectorOf(b0); Result r = s.runner().feed(biasIn, b).fetch(grad.dy(0)).run()) {
                analytic = new float[filters];
                ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(analytic);
            }
            double eps = 1e-3;
            for (int c = 0; c < filters; c++) {
                double[] at = new double[2];
                for (int side = 0; side < 2; side++) {
                    float[] b = b0.clone();
                    b[c] += (float) (side == 0 ? eps : -eps);
                    try (TFloat32 t = TFloat32.vectorOf(b); Result r = s.runner().feed(biasIn, t).fetch(loss).run()) {
                        at[side] = ((TFloat32) r.get(0)).getFloat();
                    }
                }
                assertEquals((at[0] - at[1]) / (2 * eps), analytic[c], 1e-2 * Math.max(1, Math.abs(analytic[c])), "bias " + c);
            }
        }
    }

    /**
     * Two SGD steps on one Dense kernel: our fused op against TensorFlow's MatMul gradients and
     * ApplyMomentum on a copy of the same variables. The kernel, the accumulator (so the momentum
     * carries over) and dx must agree. x has a quarter zeros, as after ReLU and dropout; the shapes
     * leave remainders in every blocking of the kernel, and one is Exercise 9's hidden layer.
     */
    @ParameterizedTest
    @CsvSource({"32, 6272, 512", "32, 5408, 16", "5, 13, 10", "33, 100, 17", "1, 9, 1"})
    void denseMomentumEqualsMatMulGradientsAndApplyMomentum(int n, int in, int out) {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Shape kernelShape = Shape.of(in, out);
            float[] w0 = uniform(in * out, -0.1, 0.1, 11);
            float[] a0 = uniform(in * out, -0.05, 0.05, 12);
            var oursW = tf.variable(tf.constant(kernelShape, DataBuffers.of(w0)));
            var oursA = tf.variable(tf.constant(kernelShape, DataBuffers.of(a0)));
            var stockW = tf.variable(tf.constant(kernelShape, DataBuffers.of(w0)));
            var stockA = tf.variable(tf.constant(kernelShape, DataBuffers.of(a0)));
            var xIn = tf.placeholder(TFloat32.class);
            var dzIn = tf.placeholder(TFloat32.class);
            Operand<TFloat32> lr = tf.constant(0.01f);
            Operand<TFloat32> momentum = tf.constant(0.9f);
            Operand<TFloat32> dx = NativeOps.denseMomentum(tf, xIn, dzIn, lr, momentum, oursW, oursA);
            Operand<TFloat32> stockDx = tf.linalg.matMul(dzIn, stockW, org.tensorflow.op.linalg.MatMul.transposeB(true));
            Operand<TFloat32> grad = tf.linalg.matMul(xIn, dzIn, org.tensorflow.op.linalg.MatMul.transposeA(true));
            var stockStep = tf.withControlDependencies(List.of(stockDx)).train.applyMomentum(stockW, stockA, lr, grad,
                    momentum);
            s.initialize();
            for (int step = 0; step < 2; step++) {
                float[] x = images(1, n, in, 13 + step);
                float[] dz = uniform(n * out, -1, 1, 15 + step);
                try (TFloat32 xt = TFloat32.tensorOf(Shape.of(n, in), DataBuffers.of(x));
                     TFloat32 dzt = TFloat32.tensorOf(Shape.of(n, out), DataBuffers.of(dz));
                     Result ours = s.runner().feed(xIn, xt).feed(dzIn, dzt).fetch(dx).run();
                     Result stock = s.runner().feed(xIn, xt).feed(dzIn, dzt).fetch(stockDx).addTarget(stockStep).run()) {
                    // dx sums `out` terms of magnitude up to 0.1, g sums n of up to 1.
                    assertClose(values(stock.get(0)), values(ours.get(0)), 1e-5, 0.1, "dx, step " + step);
                }
                assertClose(fetch(s, stockA), fetch(s, oursA), 1e-5, 1.0, "accumulator, step " + step);
                assertClose(fetch(s, stockW), fetch(s, oursW), 1e-5, 0.01, "kernel, step " + step);
            }
        }
    }

    /**
     * Our forward product against TensorFlow's MatMul and BiasAdd on variables, as a training step
     * reads them: Application 1's layers, Exercise 9's and 10's 512 units (whose product skips x's
     * zeros: here the first third of the examples are all zeros, the rest a quarter), a validation
     * batch, and shapes with remainders in every blocking (odd examples, rows not of 128, columns
     * not of 16 or 128).
     */
    @ParameterizedTest
    @CsvSource({"32, 5408, 16", "32, 16, 10", "33, 100, 17", "5, 13, 10", "1, 9, 1", "17, 40, 63",
                "32, 6272, 512", "32, 12544, 512", "500, 6272, 512", "33, 300, 130", "1, 129, 65"})
    void denseProductEqualsMatMulAndBiasAdd(int n, int in, int out) {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            var w = tf.variable(tf.constant(Shape.of(in, out), DataBuffers.of(uniform(in * out, -0.1, 0.1, 21))));
            var b = tf.variable(tf.constant(Shape.of(out), DataBuffers.of(uniform(out, -0.5, 0.5, 23))));
            var xIn = tf.placeholder(TFloat32.class);
            Operand<TFloat32> ours = NativeOps.denseProduct(tf, xIn, w, b);
            Operand<TFloat32> stock = tf.nn.biasAdd(tf.linalg.matMul(xIn, w), b);
            s.initialize();
            try (TFloat32 xt = TFloat32.tensorOf(Shape.of(n, in), DataBuffers.of(images(1, n, in, 22)));
                 Result r = s.runner().feed(xIn, xt).fetch(ours).fetch(stock).run()) {
                assertEquals(Shape.of(n, out), r.get(0).shape());
                // y sums `in` terms of magnitude up to 0.1 and the bias, in another order than MatMul's.
                assertClose(values(r.get(1)), values(r.get(0)), 1e-5, 1.0, "y");
            }
        }
    }

    /**
     * Two SGD steps on one Dense bias: our op against BiasAddGrad and ApplyMomentum on a copy of
     * the same variables; the bias and its accumulator must agree.
     */
    @ParameterizedTest
    @CsvSource({"32, 16", "32, 10", "33, 17", "1, 1"})
    void biasMomentumEqualsBiasAddGradAndApplyMomentum(int n, int out) {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            float[] b0 = uniform(out, -0.1, 0.1, 31);
            float[] a0 = uniform(out, -0.05, 0.05, 32);
            var oursB = tf.variable(tf.constant(Shape.of(out), DataBuffers.of(b0)));
            var oursA = tf.variable(tf.constant(Shape.of(out), DataBuffers.of(a0)));
            var stockB = tf.variable(tf.constant(Shape.of(out), DataBuffers.of(b0)));
            var stockA = tf.variable(tf.constant(Shape.of(out), DataBuffers.of(a0)));
            var dzIn = tf.placeholder(TFloat32.class);
            Operand<TFloat32> lr = tf.constant(0.01f);
            Operand<TFloat32> momentum = tf.constant(0.9f);
            var ours = NativeOps.biasMomentum(tf, dzIn, lr, momentum, oursB, oursA);
            var stock = tf.train.applyMomentum(stockB, stockA, lr, tf.nn.biasAddGrad(dzIn), momentum);
            s.initialize();
            for (int step = 0; step < 2; step++) {
                try (TFloat32 dzt = TFloat32.tensorOf(Shape.of(n, out), DataBuffers.of(uniform(n * out, -1, 1, 33 + step)));
                     Result ignored = s.runner().feed(dzIn, dzt).addTarget(ours).addTarget(stock).run()) {
                    // Run for effect only.
                }
                // g sums n terms of up to 1.
                assertClose(fetch(s, stockA), fetch(s, oursA), 1e-5, 1.0, "accumulator, step " + step);
                assertClose(fetch(s, stockB), fetch(s, oursB), 1e-5, 0.01, "bias, step " + step);
            }
        }
    }

    private static float[] values(org.tensorflow.Tensor t) {
        TFloat32 f = (TFloat32) t;
        float[] v = new float[(int) f.shape().size()];
        f.asRawTensor().data().asFloats().read(v);
        return v;
    }

    /**
     * Our dropout against the stock ops it replaces, x * (Cast(StatelessRandomUniform >= rate) *
     * scale), and its gradient against the stock one: bit for bit, for Exercise 9's shape, sizes
     * that leave every remainder of the 4 numbers a Philox call gives, an empty tensor, and seeds of
     * every sign and size.
     */
    @ParameterizedTest
    @CsvSource({"32:14:14:32, 2, 7, 0.2", "5:7, 2, 1, 0.5", "3, -9, 1099511627776, 0.15", "1:1:65, 0, 0, 0.2",
                "0:4, 1, 1, 0.2", "4099, 123456789, -3, 0.9"})
    void dropoutDrawsTensorFlowsNumbers(String dims, long seed0, long seed1, float rate) {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        long[] shape = java.util.Arrays.stream(dims.split(":")).mapToLong(Long::parseLong).toArray();
        int size = (int) Shape.of(shape).size();
        float scale = (float) (1.0 / (1.0 - rate));
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            // Inputs of both signs and zeros, so the products' signs of zero are compared too.
            var x = tf.variable(tf.constant(Shape.of(shape), DataBuffers.of(uniform(size, -1, 1, 31))));
            Operand<org.tensorflow.types.TInt64> seed = tf.constant(new long[] {seed0, seed1});
            Operand<TFloat32> stock = tf.math.mul(x, tf.math.mul(tf.dtypes.cast(tf.math.greaterEqual(
                    tf.random.statelessRandomUniform(tf.constant(shape), seed), tf.constant(rate)), TFloat32.class),
                    tf.constant(scale)));
            Operand<TFloat32> ours = NativeOps.dropout(tf, x, seed, rate, scale);
            Operand<TFloat32> mix = tf.constant(Shape.of(shape), DataBuffers.of(uniform(size, -1, 1, 32)));
            int[] all = java.util.stream.IntStream.range(0, shape.length).toArray();
            var gStock = tf.gradients(tf.sum(tf.math.mul(stock, mix), tf.constant(all)), List.of(x));
            var gOurs = tf.gradients(tf.sum(tf.math.mul(ours, mix), tf.constant(all)), List.of(x));
            s.initialize();
            float[] expected = fetch(s, stock);
            float[] actual = fetch(s, ours);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, "y");
            org.junit.jupiter.api.Assertions.assertArrayEquals(fetch(s, gStock.dy(0)), fetch(s, gOurs.dy(0)), "dx");
            long kept = 0;
            for (float v : fetch(s, NativeOps.dropout(tf, tf.onesLike(x), seed, rate, scale))) {
                kept += v != 0 ? 1 : 0;
            }
            if (size > 10000) {
                assertEquals(1 - rate, (double) kept / size, 0.01, "the share of units kept");
            }
        }
    }

    /**
     * A batch read from a data set held as bytes in a variable (as GraphData holds it), with
     * repeated and unordered examples and every byte value: our op against Gather, Cast and Div
     * by 255, bit for bit; an index out of range fails the run with GatherV2's kind of sentence.
     */
    @Test
    void scaledImagesEqualGatherCastAndDiv() {
        assertTrue(NativeOps.available(), NativeOps.whyUnavailable());
        int count = 300;
        byte[] bytes = new byte[count * 28 * 28];
        SplittableRandom r = new SplittableRandom(41);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i < 256 ? i : r.nextInt(256));
        }
        Shape shape = Shape.of(count, 28, 28, 1);
        try (Graph g = new Graph(); Session s = new Session(g);
             TUint8 data = TUint8.tensorOf(shape, DataBuffers.of(bytes, true, false))) {
            Ops tf = Ops.create(g);
            var images = tf.variable(shape, TUint8.class);
            var in = tf.placeholder(TUint8.class);
            var load = tf.assign(images, in);
            var idx = tf.placeholder(TInt32.class);
            Operand<TFloat32> ours = NativeOps.scaledImages(tf, images, idx);
            Operand<TFloat32> stock = tf.math.div(tf.dtypes.cast(tf.gather(images, idx, tf.constant(0)), TFloat32.class),
                    tf.constant(255f));
            s.runner().feed(in, data).addTarget(load).run();
            for (int[] batch : new int[][] {{0}, {5, 5, 299, 0, 17}, r.ints(500, 0, count).toArray(), {}}) {
                try (TInt32 ids = TInt32.vectorOf(batch);
                     Result out = s.runner().feed(idx, ids).fetch(ours).fetch(stock).run()) {
                    assertEquals(Shape.of(batch.length, 28, 28, 1), out.get(0).shape());
                    org.junit.jupiter.api.Assertions.assertArrayEquals(values(out.get(1)), values(out.get(0)),
                            batch.length + " images");
                }
            }
            try (TInt32 ids = TInt32.vectorOf(3, count, 4)) {
                var e = org.junit.jupiter.api.Assertions.assertThrows(org.tensorflow.exceptions.TFInvalidArgumentException.class,
                        () -> s.runner().feed(idx, ids).fetch(ours).run().close());
                assertTrue(e.getMessage().contains("indices[1] = 300 is not in [0, 300)"), e.getMessage());
            }
        }
    }
}
