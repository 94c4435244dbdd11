package dev.fmnist.ops.fusion;

import dev.fmnist.model.Activation;
import dev.fmnist.model.MaxPooling2D;
import dev.fmnist.model.ReLU;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * ReLU (a layer's activation, or a ReLU layer) followed by MaxPooling2D, built as the pooling then
 * the ReLU, with stock ops. ReLU is monotonic, so MaxPool(ReLU(x)) == ReLU(MaxPool(x)) exactly,
 * gradients too: a window whose maximum is <= 0 passes no gradient either way, and otherwise both
 * route it to the same element. ReLU after pooling touches a quarter of the values.
 */
final class ReluAfterPoolRule implements Rule {
    @Override
    public int matches(Walk walk, List<Step> steps, int at) {
        if (at + 2 > steps.size()) {
            return 0;
        }
        Step first = steps.get(at);
        boolean relu = first instanceof Step.Activate a && a.layer().activation() == Activation.RELU
                || first instanceof Step.Call c && c.layer() instanceof ReLU;
        return relu && steps.get(at + 1) instanceof Step.Call next && next.layer() instanceof MaxPooling2D ? 2 : 0;
    }

    @Override
    public Operand<TFloat32> build(Walk walk, List<Step> matched, Operand<TFloat32> x) {
        Operand<TFloat32> pooled = matched.get(1).stock(walk.tf(), x, walk.context());
        return Activation.RELU.apply(walk.tf(), pooled);
    }
}
