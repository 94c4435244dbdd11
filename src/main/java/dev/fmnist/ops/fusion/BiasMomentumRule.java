package dev.fmnist.ops.fusion;

import dev.fmnist.model.Dense;
import dev.fmnist.ops.NativeOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A Dense layer's bias gradient (the sum of the gradient over the examples) and SGD's momentum
 * update of the bias in one CPU op of ours, where TensorFlow runs BiasAddGrad and ApplyMomentum:
 * backpropagation is cut at the bias, whose input gets the gradient unchanged. The forward pass
 * stays TensorFlow's BiasAdd.
 */
final class BiasMomentumRule implements Rule {
    @Override
    public int matches(Walk walk, List<Step> steps, int at) {
        return walk.momentum() != null && steps.get(at) instanceof Step.Bias b && b.layer() instanceof Dense ? 1 : 0;
    }

    @Override
    public Operand<TFloat32> build(Walk walk, List<Step> matched, Operand<TFloat32> x) {
        Dense dense = (Dense) ((Step.Bias) matched.get(0)).layer();
        Fusion.Momentum m = walk.momentum();
        Operand<TFloat32> z = dense.withBias(walk.tf(), x);
        walk.cut(new Cut(x, z, List.of(dense.bias()), (tf, dz, claimed, updates) -> {
            updates.add(biasUpdate(tf, m, dz, claimed.get(0)));
            return dz;
        }));
        return z;
    }

    /** Our op updating {@code bias} from {@code dz}, the gradient at the layer's output before its activation. */
    static Op biasUpdate(Ops tf, Fusion.Momentum m, Operand<TFloat32> dz, Variable<TFloat32> bias) {
        return NativeOps.biasMomentum(tf, dz, m.learningRate(), m.momentum(), bias, m.accumulator().apply(bias));
    }
}
