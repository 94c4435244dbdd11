package dev.fmnist.model;

import static dev.fmnist.model.GraphTesting.assertClose;
import static dev.fmnist.model.GraphTesting.fetch;
import static dev.fmnist.model.GraphTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** BatchNormalization against Keras' formulas, computed here in plain Java. */
class BatchNormalizationTest {
    static final int N = 8;
    static final int C = 4;

    /** Variables as a trainer makes them, gamma and beta random, the moving averages at Keras' start. */
    private static WeightStore variables(Ops tf, Map<String, Variable<TFloat32>> made) {
        return new WeightStore() {
            @Override
            public Operand<TFloat32> weight(String name, Shape shape, Initializer init) {
                float[] v = random((int) shape.size(), name.hashCode());
                for (int i = 0; i < v.length; i++) {
                    v[i] += 1.5f;
                }
                return keep(name, tf.variable(tf.constant(shape, DataBuffers.of(v))));
            }

            @Override
            public Operand<TFloat32> nonTrainable(String name, Shape shape, Initializer init) {
                return keep(name, tf.variable(init.initialValue(tf, shape, 0, 0)));
            }

            private Variable<TFloat32> keep(String name, Variable<TFloat32> v) {
                made.put(name, v);
                return v;
            }
        };
    }

    /** @param side 0 for vectors [N, C], else feature maps [N, side, side, C] */
    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void trainingNormalisesByTheBatchAndMovesTheAverages(int side) {
        long[] shape = side == 0 ? new long[] {C} : new long[] {side, side, C};
        int perChannel = N * Math.max(1, side * side);
        float[] x = random(perChannel * C, 7);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Map<String, Variable<TFloat32>> w = new LinkedHashMap<>();
            BatchNormalization bn = new BatchNormalization("batch_normalization");
            bn.build(shape, variables(tf, w));
            long[] full = side == 0 ? new long[] {N, C} : new long[] {N, side, side, C};
            Operand<TFloat32> input = tf.constant(Shape.of(full), DataBuffers.of(x));
            CallContext training = CallContext.training(tf.constant(new long[] {1, 1}));
            Operand<TFloat32> y = bn.call(tf, input, training);
            assertEquals(2, training.updates().size());
            s.initialize();
            float[] gamma = fetch(s, w.get("batch_normalization/gamma"));
            float[] beta = fetch(s, w.get("batch_normalization/beta"));

            double[] mean = new double[C];
            double[] var = new double[C];
            for (int i = 0; i < x.length; i++) {
                mean[i % C] += x[i] / perChannel;
            }
            for (int i = 0; i < x.length; i++) {
                var[i % C] += Math.pow(x[i] - mean[i % C], 2) / perChannel;
            }
            float[] expected = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                int c = i % C;
                expected[i] = (float) ((x[i] - mean[c]) / Math.sqrt(var[c] + 1e-3) * gamma[c] + beta[c]);
            }
            assertClose(expected, fetch(s, y), 1e-5);

            var runner = s.runner();
            training.updates().forEach(runner::addTarget);
            try (Result ignored = runner.run()) {
                // One training step's updates.
            }
            float[] movingMean = fetch(s, w.get("batch_normalization/moving_mean"));
            float[] movingVar = fetch(s, w.get("batch_normalization/moving_variance"));
            for (int c = 0; c < C; c++) {
                assertEquals(0.01 * mean[c], movingMean[c], 1e-6, "moving mean " + c);
                double unbiased = var[c] * perChannel / (perChannel - 1);
                assertEquals(0.99 + 0.01 * unbiased, movingVar[c], 1e-6, "moving variance " + c);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5})
    void inferenceNormalisesByTheMovingAverages(int side) {
        long[] shape = side == 0 ? new long[] {C} : new long[] {side, side, C};
        int perChannel = N * Math.max(1, side * side);
        float[] x = random(perChannel * C, 9);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Map<String, Operand<TFloat32>> w = new LinkedHashMap<>();
            WeightStore constants = GraphTesting.constants(tf, 3);
            BatchNormalization bn = new BatchNormalization("bn");
            bn.build(shape, new WeightStore() {
                @Override
                public Operand<TFloat32> weight(String name, Shape sh, Initializer init) {
                    Operand<TFloat32> v = constants.weight(name, sh, init);
                    w.put(name, v);
                    return v;
                }

                @Override
                public Operand<TFloat32> nonTrainable(String name, Shape sh, Initializer init) {
                    Operand<TFloat32> v = constants.nonTrainable(name, sh, init);
                    w.put(name, v);
                    return v;
                }
            });
            long[] full = side == 0 ? new long[] {N, C} : new long[] {N, side, side, C};
            Operand<TFloat32> y = bn.call(tf, tf.constant(Shape.of(full), DataBuffers.of(x)), CallContext.INFERENCE);
            float[] gamma = fetch(s, w.get("bn/gamma"));
            float[] beta = fetch(s, w.get("bn/beta"));
            float[] mean = fetch(s, w.get("bn/moving_mean"));
            float[] var = fetch(s, w.get("bn/moving_variance"));
            float[] expected = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                int c = i % C;
                expected[i] = (float) ((x[i] - mean[c]) / Math.sqrt(var[c] + 1e-3) * gamma[c] + beta[c]);
            }
            assertClose(expected, fetch(s, y), 1e-5);
            assertEquals(4 * C, bn.paramCount());
            assertEquals(2 * C, bn.nonTrainableParamCount());
        }
    }
}
