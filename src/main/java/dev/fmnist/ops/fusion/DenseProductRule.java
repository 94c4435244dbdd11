package dev.fmnist.ops.fusion;

import dev.fmnist.model.Dense;
import dev.fmnist.ops.NativeOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A Dense layer's product and bias, {@code x kernel + bias}, as our CPU op on every core
 * (TensorFlow's MatMul uses one for Application 1's narrow layers, and computes every term of the
 * wide ones, where our op skips x's zeros: a ReLU's output is about half zeros). In a training
 * pass, where the backward pass updates both weights as {@link DenseMomentumRule} and
 * {@link BiasMomentumRule} do, backpropagation is cut at its output (our op has no gradient of its
 * own); in inference (the validation and evaluation of a run with our kernels) it is the product.
 */
final class DenseProductRule implements Rule {
    @Override
    public int matches(Walk walk, List<Step> steps, int at) {
        boolean fits = walk.momentum() != null || walk.ourCpuOps() && !walk.context().training();
        return fits && at + 2 <= steps.size() && steps.get(at) instanceof Step.Product p
                && p.layer() instanceof Dense dense
                && steps.get(at + 1) instanceof Step.Bias b && b.layer() == dense ? 2 : 0;
    }

    @Override
    public Operand<TFloat32> build(Walk walk, List<Step> matched, Operand<TFloat32> x) {
        Dense dense = (Dense) ((Step.Product) matched.get(0)).layer();
        Fusion.Momentum m = walk.momentum();
        Operand<TFloat32> z = NativeOps.denseProduct(walk.tf(), x, dense.kernel(), dense.bias());
        if (m == null) {
            return z;
        }
        walk.cut(new Cut(x, z, List.of(dense.kernel(), dense.bias()), (tf, dz, claimed, updates) -> {
            Operand<TFloat32> dx = DenseMomentumRule.kernelUpdate(tf, m, x, dz, claimed.get(0), updates);
            updates.add(BiasMomentumRule.biasUpdate(tf, m, dz, claimed.get(1)));
            return dx;
        }));
        return z;
    }
}
