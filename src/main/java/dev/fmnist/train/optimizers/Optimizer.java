package dev.fmnist.train.optimizers;

import static dev.fmnist.model.GraphNames.scoped;

import dev.fmnist.ops.fusion.Fusion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A Keras optimizer: turns the gradients of a training step into update ops for the weights, and
 * owns the slot variables those updates keep (momentum, Adam's moments), which checkpoints save.
 *
 * <p>Ours, not TensorFlow Java Framework's, for the reasons the pom gives beside that dependency.
 */
public abstract class Optimizer {
    protected final LearningRateSchedule schedule;
    private final Map<String, Variable<TFloat32>> slots = new LinkedHashMap<>();

    protected Optimizer(LearningRateSchedule schedule) {
        this.schedule = schedule;
    }

    /**
     * The update of a weight, built once the step's hyperparameters exist.
     * {@code after} makes the op wait for every gradient of the step.
     */
    protected interface Update {
        Op apply(Ops after, Variable<TFloat32> weight, Operand<TFloat32> gradient);
    }

    /** The hyperparameters of 1-based training step {@code step}, and the update rule that uses them. */
    protected abstract Update prepare(Ops tf, Operand<TInt64> step);

    /**
     * What our fused Dense backward pass needs to apply this optimizer's update itself; null when it
     * cannot (only plain SGD with momentum can be fused).
     */
    public Fusion.Momentum fusable(Ops tf, Operand<TInt64> step) {
        return null;
    }

    /**
     * Keras' {@code apply_gradients}: one update per weight whose gradient is not null. Every
     * update waits for every gradient: backprop reads the kernels (dx = dy W^T), and an in-place
     * update that ran first would leak into the gradients of the layers below it, making runs differ
     * from one another.
     */
    public final List<Op> applyGradients(Ops tf, List<Operand<TFloat32>> gradients, List<Variable<TFloat32>> weights,
                                         Operand<TInt64> step) {
        Update update = prepare(tf, step);
        List<Operand<TFloat32>> computed = gradients.stream().filter(Objects::nonNull).toList();
        Ops after = tf.withControlDependencies(List.copyOf(computed));
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            if (gradients.get(i) != null) {
                ops.add(update.apply(after, weights.get(i), gradients.get(i)));
            }
        }
        return ops;
    }

    /** The slot {@code kind} of {@code weight}, e.g. {@code dense/kernel/momentum}: zeros, created on first use. */
    protected final Variable<TFloat32> slot(Ops tf, Variable<TFloat32> weight, String kind) {
        return slots.computeIfAbsent(weight.op().name() + "/" + kind, name -> {
            Ops init = tf.withInitScope();
            return scoped(tf, name).variable(init.zeros(init.constant(weight.shape().asArray()), TFloat32.class));
        });
    }

    /** Every slot variable by name, in the order created: what a checkpoint saves besides the weights. */
    public final Map<String, Variable<TFloat32>> slots() {
        return Collections.unmodifiableMap(slots);
    }
}
