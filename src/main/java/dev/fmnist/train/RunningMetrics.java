package dev.fmnist.train;

import static dev.fmnist.model.GraphNames.scoped;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * The running loss and accuracy that Keras' {@code fit} prints for an epoch: sums kept in graph
 * variables, added to by every training step, read only now and then, so a step returns no
 * tensor to Java.
 */
final class RunningMetrics {
    private final Variable<TFloat64> lossSum;
    private final Variable<TFloat64> correctSum;
    private final Variable<TFloat64> seenSum;
    private final Op reset;

    RunningMetrics(Ops tf) {
        Ops init = tf.withInitScope();
        lossSum = scoped(tf, "metrics/loss_sum").variable(init.constant(0.0));
        correctSum = scoped(tf, "metrics/correct_sum").variable(init.constant(0.0));
        seenSum = scoped(tf, "metrics/seen_sum").variable(init.constant(0.0));
        reset = tf.withControlDependencies(List.of(
                tf.assign(lossSum, tf.constant(0.0)),
                tf.assign(correctSum, tf.constant(0.0)),
                tf.assign(seenSum, tf.constant(0.0)))).noOp();
    }

    /** The ops a training step runs to add its batch to the sums. */
    List<Op> update(Ops tf, Operand<TFloat32> perExampleLoss, Operand<TFloat64> correct) {
        return List.of(
                tf.assignAdd(lossSum, tf.dtypes.cast(tf.sum(perExampleLoss, tf.constant(0)), TFloat64.class)),
                tf.assignAdd(correctSum, correct),
                tf.assignAdd(seenSum, tf.dtypes.cast(tf.size(perExampleLoss), TFloat64.class)));
    }

    /** The sums by name, for checkpoints: a run stopped mid-epoch resumes with them. */
    Map<String, Variable<?>> variables() {
        return Map.of("metrics/loss_sum", lossSum, "metrics/correct_sum", correctSum, "metrics/seen_sum", seenSum);
    }

    /** The running loss and accuracy so far in this epoch; the loss may be NaN or infinite. */
    double[] means(Session session) {
        double[] sums = new double[3];
        try (Result res = session.runner().fetch(lossSum).fetch(correctSum).fetch(seenSum).run()) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] = ((TFloat64) res.get(i)).getDouble();
            }
        }
        return new double[] {sums[0] / sums[2], sums[1] / sums[2]};
    }

    /** Sets the sums to zero, as a new epoch begins. */
    void reset(Session session) {
        try (Result ignored = session.runner().addTarget(reset).run()) {
            // Run for effect only.
        }
    }
}
