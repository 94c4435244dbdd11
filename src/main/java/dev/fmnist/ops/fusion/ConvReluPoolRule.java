package dev.fmnist.ops.fusion;

import dev.fmnist.model.Activation;
import dev.fmnist.model.Conv2D;
import dev.fmnist.model.MaxPooling2D;
import dev.fmnist.model.Padding;
import dev.fmnist.ops.NativeOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Conv2D (one input channel, square kernel, unit strides, a bias, ReLU) and the MaxPooling2D(2)
 * after it as our fused op, forward and backward (its gradient op is registered with TensorFlow),
 * on the CPU or a GPU, for the sizes the kernels take ({@link NativeOps#supports}).
 */
final class ConvReluPoolRule implements Rule {
    @Override
    public int matches(Walk walk, List<Step> steps, int at) {
        if (!walk.ourOps() || at + 4 > steps.size() || !(steps.get(at) instanceof Step.Product p
                && p.layer() instanceof Conv2D conv)) {
            return 0;
        }
        boolean block = steps.get(at + 1) instanceof Step.Bias b && b.layer() == conv
                && steps.get(at + 2) instanceof Step.Activate a && a.layer() == conv
                && conv.activation() == Activation.RELU
                && steps.get(at + 3) instanceof Step.Call c && c.layer() instanceof MaxPooling2D pool
                && pool.poolSize() == 2;
        long[] in = conv.inputShape();
        return block && conv.isSquareWithUnitStrides() && NativeOps.supports(in[0], in[1], in[2], conv.kernelSize(),
                conv.filters(), conv.padding() == Padding.SAME) ? 4 : 0;
    }

    @Override
    public Operand<TFloat32> build(Walk walk, List<Step> matched, Operand<TFloat32> x) {
        Conv2D conv = (Conv2D) ((Step.Product) matched.get(0)).layer();
        return NativeOps.convReluPool(walk.tf(), x, conv.kernel(), conv.bias(), conv.padding().tfName());
    }
}
