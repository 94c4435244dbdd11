package dev.fmnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Helpers for tests that build small graphs of layers and compare what they compute. */
public final class GraphTesting {
    private GraphTesting() {}

    /** Values in (-1, 1), a quarter of them exact zeros, as the data set's black background gives. */
    public static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(4) == 0 ? 0f : (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    public static Operand<TFloat32> randomConstant(Ops tf, Shape shape, long seed) {
        return tf.constant(shape, DataBuffers.of(random((int) shape.size(), seed)));
    }

    /**
     * A weight store of constants, so two graphs see the same weights. Non-trainable weights (moving
     * variances among them) are positive, in [0.5, 1.5).
     */
    public static WeightStore constants(Ops tf, long seed) {
        return new WeightStore() {
            @Override
            public Operand<TFloat32> weight(String name, Shape shape, Initializer init) {
                return randomConstant(tf, shape, seed + name.hashCode());
            }

            @Override
            public Operand<TFloat32> nonTrainable(String name, Shape shape, Initializer init) {
                float[] v = random((int) shape.size(), seed + name.hashCode());
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.5f + Math.abs(v[i]);
                }
                return tf.constant(shape, DataBuffers.of(v));
            }
        };
    }

    public static float[] fetch(Session s, Operand<TFloat32> o) {
        try (Result r = s.runner().fetch(o).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            float[] v = new float[(int) t.shape().size()];
            t.asRawTensor().data().asFloats().read(v);
            return v;
        }
    }

    /** Element-wise equality within {@code relative} of the largest expected magnitude. */
    public static void assertClose(float[] expected, float[] actual, double relative) {
        assertClose(expected, actual, relative, "");
    }

    /** As above, naming {@code what} is compared in a failure. */
    public static void assertClose(float[] expected, float[] actual, double relative, String what) {
        assertClose(expected, actual, relative, 1e-6, what);
    }

    /**
     * As above, relative to at least {@code floor}: for sums whose terms are up to {@code floor} in
     * magnitude, where cancellation can leave a result far smaller than the rounding of its terms.
     */
    public static void assertClose(float[] expected, float[] actual, double relative, double floor, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.max(scale, floor), what + " element " + i);
        }
    }
}
