package dev.fmnist.ops.fusion;

import dev.fmnist.model.Dense;
import dev.fmnist.ops.NativeOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A narrow Dense layer's product and bias, {@code x kernel + bias}, as our CPU op on every core
 * (TensorFlow's MatMul uses one for a batch of 32), in a training pass where the backward pass
 * updates both weights as {@link DenseMomentumRule} and {@link BiasMomentumRule} do: our op has no
 * gradient of its own, so backpropagation is cut at its output.
 */
final class DenseProductRule implements Rule {
    /**
     * Layers with fewer units than this take our product; wider ones keep TensorFlow's MatMul,
     * which our op does not beat on Exercise 9's 512 units (1.7 against 2.2 ms a step). (The 64 of
     * dense_cpu.c's TILE_MAX_OUT is another choice, inside the backward op: either may move alone.)
     */
    static final int MAX_UNITS = 64;

    @Override
    public int matches(Walk walk, List<Step> steps, int at) {
        return walk.momentum() != null && at + 2 <= steps.size() && steps.get(at) instanceof Step.Product p
                && p.layer() instanceof Dense dense && dense.units() < MAX_UNITS
                && steps.get(at + 1) instanceof Step.Bias b && b.layer() == dense ? 2 : 0;
    }

    @Override
    public Operand<TFloat32> build(Walk walk, List<Step> matched, Operand<TFloat32> x) {
        Dense dense = (Dense) ((Step.Product) matched.get(0)).layer();
        Fusion.Momentum m = walk.momentum();
        Operand<TFloat32> z = NativeOps.denseProduct(walk.tf(), x, dense.kernel(), dense.bias());
        walk.cut(new Cut(x, z, List.of(dense.kernel(), dense.bias()), (tf, dz, claimed, updates) -> {
            Operand<TFloat32> dx = DenseMomentumRule.kernelUpdate(tf, m, x, dz, claimed.get(0), updates);
            updates.add(BiasMomentumRule.biasUpdate(tf, m, dz, claimed.get(1)));
            return dx;
        }));
        return z;
    }
}
