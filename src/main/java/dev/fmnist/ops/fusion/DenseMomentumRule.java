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
 * A Dense layer's backward pass through its product, fused with SGD's momentum update of its
 * kernel (our CPU op): backpropagation is cut at the product, and our op gives the gradient at the
 * layer's input while it applies the update, reading and writing the kernel once instead of three
 * times. The forward product stays TensorFlow's MatMul.
 */
final class DenseMomentumRule implements Rule {
    @Override
    public int matches(Walk walk, List<Step> steps, int at) {
        return walk.momentum() != null && steps.get(at) instanceof Step.Product p && p.layer() instanceof Dense ? 1 : 0;
    }

    @Override
    public Operand<TFloat32> build(Walk walk, List<Step> matched, Operand<TFloat32> x) {
        Dense dense = (Dense) ((Step.Product) matched.get(0)).layer();
        Fusion.Momentum m = walk.momentum();
        Operand<TFloat32> z = dense.product(walk.tf(), x);
        walk.cut(new Cut(x, z, List.of(dense.kernel()),
                (tf, dz, claimed, updates) -> kernelUpdate(tf, m, x, dz, claimed.get(0), updates)));
        return z;
    }

    /**
     * Our op for the product {@code x kernel}: returns the gradient at {@code x} for the one
     * {@code dz} at the product, and adds the kernel's momentum update it makes to {@code updates}.
     */
    static Operand<TFloat32> kernelUpdate(Ops tf, Fusion.Momentum m, Operand<TFloat32> x, Operand<TFloat32> dz,
                                          Variable<TFloat32> kernel, List<Op> updates) {
        Operand<TFloat32> dx = NativeOps.denseMomentum(tf, x, dz, m.learningRate(), m.momentum(), kernel,
                m.accumulator().apply(kernel));
        updates.add(dx::op);
        return dx;
    }
}
