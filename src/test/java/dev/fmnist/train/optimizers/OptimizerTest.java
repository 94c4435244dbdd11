package dev.fmnist.train.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Each optimizer's update against Keras' formula, computed here in Java, on loss = sum(w^2). */
class OptimizerTest {
    private static float[] train(Optimizer optimizer, int steps) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Variable<TFloat32> w = tf.withSubScope("dense").withName("kernel")
                    .variable(tf.withInitScope().constant(new float[] {1f, 2f}));
            Variable<TInt64> counter = tf.variable(tf.withInitScope().constant(0L));
            Operand<TInt64> step = tf.assignAdd(counter, tf.constant(1L));
            Operand<TFloat32> loss = tf.sum(tf.math.mul(w, w), tf.constant(0));
            Operand<TFloat32> gradient = tf.identity(tf.gradients(loss, List.of(w)).<TFloat32>dy(0));
            List<Op> updates = optimizer.applyGradients(tf, List.of(gradient), List.of(w), step);
            Op train = tf.withControlDependencies(updates).noOp();
            for (int i = 0; i < steps; i++) {
                s.runner().addTarget(train).run().close();
            }
            assertEquals(List.copyOf(optimizer.slots().keySet()), optimizer instanceof SGD
                    ? List.of("dense/kernel/momentum") : List.of("dense/kernel/m", "dense/kernel/v"));
            try (Result r = s.runner().fetch(w).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                return new float[] {t.getFloat(0), t.getFloat(1)};
            }
        }
    }

    @Test
    void sgdIsKerasMomentum() {
        double lr = 0.1;
        double m = 0.9;
        double[] w = {1, 2};
        double[] v = {0, 0};
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < 2; i++) {
                v[i] = m * v[i] - lr * 2 * w[i];
                w[i] += v[i];
            }
        }
        assertArrayEquals(new float[] {(float) w[0], (float) w[1]},
                train(new SGD(new LearningRateSchedule.Constant(lr), m), 3), 1e-6f);
    }

    @Test
    void adamIsKerasAdam() {
        double lr = 0.01;
        double b1 = 0.8;
        double b2 = Adam.BETA_2;
        double[] w = {1, 2};
        double[] mt = {0, 0};
        double[] vt = {0, 0};
        for (int t = 1; t <= 3; t++) {
            double rate = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 2; i++) {
                double g = 2 * w[i];
                mt[i] = b1 * mt[i] + (1 - b1) * g;
                vt[i] = b2 * vt[i] + (1 - b2) * g * g;
                w[i] -= rate * mt[i] / (Math.sqrt(vt[i]) + Adam.EPSILON);
            }
        }
        assertArrayEquals(new float[] {(float) w[0], (float) w[1]},
                train(new Adam(new LearningRateSchedule.Constant(lr), b1), 3), 1e-5f);
    }

    @Test
    void onlySgdCanBeFusedIntoADenseLayer() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TInt64> step = tf.constant(1L);
            assertNull(new Adam(new LearningRateSchedule.Constant(0.1), 0.9).fusable(tf, step));
            assertNotNull(new SGD(new LearningRateSchedule.Constant(0.1), 0.9).fusable(tf, step));
        }
    }
}
