package dev.fmnist.ops.fusion;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Where a rule cuts backpropagation: from the gradient at {@code output}, its own ops give the
 * gradient at {@code input} and update the weights it {@code claims} in place (an optimizer's
 * update fused into the backward pass), so those weights are left out of TensorFlow's gradients.
 *
 * @param claims the trainable weights the backward pass updates, in layer order
 */
public record Cut(Operand<TFloat32> input, Operand<TFloat32> output, List<Operand<TFloat32>> claims,
                  Pass backward) {
    public Cut {
        if (claims.isEmpty()) {
            throw new IllegalArgumentException("a cut updates at least one weight");
        }
        claims = List.copyOf(claims);
    }

    /** The ops that take the gradient through a cut. */
    public interface Pass {
        /**
         * The gradient at the cut's input, given {@code dOutput}, the one at its output; the ops
         * that update {@code claimed} (the claims, as the step's variables) go into {@code updates}.
         */
        Operand<TFloat32> build(Ops tf, Operand<TFloat32> dOutput, List<Variable<TFloat32>> claimed, List<Op> updates);
    }
}
