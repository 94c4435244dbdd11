package dev.fmnist.ops.fusion;

import dev.fmnist.model.Dropout;
import dev.fmnist.ops.NativeOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Dropout in training as our CPU op: one op draws TensorFlow's own random numbers and applies
 * them, the same mask as the stock ops in a fraction of the time; its gradient (the same op on
 * the incoming gradient) is registered with TensorFlow.
 */
final class DropoutRule implements Rule {
    @Override
    public int matches(Walk walk, List<Step> steps, int at) {
        return walk.ourCpuOps() && steps.get(at) instanceof Step.Call c && c.layer() instanceof Dropout d
                && d.active(walk.context()) ? 1 : 0;
    }

    @Override
    public Operand<TFloat32> build(Walk walk, List<Step> matched, Operand<TFloat32> x) {
        Dropout dropout = (Dropout) ((Step.Call) matched.get(0)).layer();
        return NativeOps.dropout(walk.tf(), x, dropout.seed(walk.tf(), walk.context()), (float) dropout.rate(),
                dropout.scale());
    }
}
