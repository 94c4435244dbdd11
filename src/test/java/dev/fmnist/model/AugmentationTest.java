package dev.fmnist.model;

import static dev.fmnist.model.GraphTesting.fetch;
import static dev.fmnist.model.GraphTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** RandomFlip and RandomTranslation: what they do to images in training, and nothing in inference. */
class AugmentationTest {
    static final int N = 64;
    static final int S = 28;
    static final long[] SHAPE = {S, S, 1};

    private static CallContext step(Ops tf, long seed, long step) {
        return CallContext.training(tf.constant(new long[] {seed, step}));
    }

    /** Which images came out mirrored; fails if an image is neither itself nor its mirror image. */
    private static boolean[] flipped(float[] in, float[] out) {
        boolean[] f = new boolean[N];
        for (int n = 0; n < N; n++) {
            boolean same = true;
            boolean mirrored = true;
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    float o = out[n * S * S + y * S + x];
                    same &= o == in[n * S * S + y * S + x];
                    mirrored &= o == in[n * S * S + y * S + (S - 1 - x)];
                }
            }
            assertTrue(same || mirrored, "image " + n + " is neither kept nor mirrored");
            f[n] = !same;
        }
        return f;
    }

    @Test
    void randomFlipMirrorsAboutHalfTheImagesAndDependsOnTheStep() {
        float[] x = random(N * S * S, 4);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> in = tf.constant(Shape.of(N, S, S, 1), DataBuffers.of(x));
            RandomFlip flip = new RandomFlip("random_flip", 1000);
            flip.build(SHAPE, null);
            assertSame(in, flip.call(tf, in, CallContext.INFERENCE));
            boolean[] a = flipped(x, fetch(s, flip.call(tf, in, step(tf, 2, 1))));
            boolean[] again = flipped(x, fetch(s, flip.call(tf, in, step(tf, 2, 1))));
            boolean[] b = flipped(x, fetch(s, flip.call(tf, in, step(tf, 2, 2))));
            int count = 0;
            for (boolean f : a) {
                count += f ? 1 : 0;
            }
            assertTrue(count > 16 && count < 48, count + " of " + N + " flipped");
            assertTrue(Arrays.equals(a, again), "the same step flips the same images");
            assertTrue(!Arrays.equals(a, b), "another step flips others");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nearest", "bilinear"})
    void randomTranslationMovesEachImageWithinTheFactor(String interpolation) {
        // A bright 2x2 block in the middle of each image: its centre of mass shows the shift, and
        // bilinear sampling keeps its mass while it stays inside.
        float[] x = new float[N * S * S];
        for (int n = 0; n < N; n++) {
            for (int y = 13; y <= 14; y++) {
                for (int c = 13; c <= 14; c++) {
                    x[n * S * S + y * S + c] = 1f;
                }
            }
        }
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> in = tf.constant(Shape.of(N, S, S, 1), DataBuffers.of(x));
            RandomTranslation shift = new RandomTranslation("random_translation", 0.1, 0.1, "constant", interpolation, 1001);
            shift.build(SHAPE, null);
            assertSame(in, shift.call(tf, in, CallContext.INFERENCE));
            float[] out = fetch(s, shift.call(tf, in, step(tf, 2, 1)));
            // Nearest sampling rounds a shift of up to 2.8 pixels to a whole one, up to 3.
            double limit = interpolation.equals("nearest") ? Math.round(0.1 * S) : 0.1 * S;
            double[] dx = new double[N];
            double[] dy = new double[N];
            for (int n = 0; n < N; n++) {
                double mass = 0;
                double mx = 0;
                double my = 0;
                for (int y = 0; y < S; y++) {
                    for (int c = 0; c < S; c++) {
                        float v = out[n * S * S + y * S + c];
                        assertTrue(v >= 0 && v <= 1.0001f);
                        if (interpolation.equals("nearest")) {
                            assertTrue(v == 0 || v == 1, "nearest shifts whole pixels: no blur, got " + v);
                        }
                        mass += v;
                        mx += v * c;
                        my += v * y;
                    }
                }
                assertEquals(4.0, mass, 1e-4, "image " + n + " keeps its mass");
                dx[n] = mx / mass - 13.5;
                dy[n] = my / mass - 13.5;
                assertTrue(Math.abs(dx[n]) <= limit + 1e-4 && Math.abs(dy[n]) <= limit + 1e-4,
                        "image " + n + " moved by " + dx[n] + ", " + dy[n]);
            }
            double spreadX = Arrays.stream(dx).map(Math::abs).average().orElseThrow();
            double spreadY = Arrays.stream(dy).map(Math::abs).average().orElseThrow();
            // Uniform on [-2.8, 2.8]: the mean distance is 1.4, rounded or not.
            assertTrue(spreadX > 0.9 && spreadX < 1.9, "mean |dx| " + spreadX);
            assertTrue(spreadY > 0.9 && spreadY < 1.9, "mean |dy| " + spreadY);
            assertNotEquals(Arrays.toString(dx), Arrays.toString(dy), "the two directions draw apart");
        }
    }
}
