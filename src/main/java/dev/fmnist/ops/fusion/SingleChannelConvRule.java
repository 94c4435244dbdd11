package dev.fmnist.ops.fusion;

import dev.fmnist.model.Conv2D;
import dev.fmnist.model.Padding;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * The convolution of a Conv2D layer with one input channel and unit strides as one matrix
 * product, with stock ops: the k*k shifted copies of the image, stacked as rows, times the kernel
 * flattened to [k*k, filters]. With a single input channel TensorFlow's CPU convolution and its
 * filter gradient are memory-bound and slow; a matrix product, and the small product that is its
 * gradient, are not. The sums are the same; only the order of float additions may differ.
 */
final class SingleChannelConvRule implements Rule {
    @Override
    public int matches(Walk walk, List<Step> steps, int at) {
        return steps.get(at) instanceof Step.Product p && p.layer() instanceof Conv2D conv
                && conv.inputChannels() == 1 && conv.hasUnitStrides() ? 1 : 0;
    }

    @Override
    public Operand<TFloat32> build(Walk walk, List<Step> matched, Operand<TFloat32> x) {
        Conv2D conv = (Conv2D) ((Step.Product) matched.get(0)).layer();
        Ops tf = walk.tf();
        long[] in = conv.inputShape();
        long[] out = conv.outputShape();
        int kh = conv.kernelHeight();
        int kw = conv.kernelWidth();
        Operand<TFloat32> image = tf.reshape(x, tf.constant(new long[] {-1, in[0], in[1]}));
        if (conv.padding() == Padding.SAME) {
            int top = (kh - 1) / 2;
            int left = (kw - 1) / 2;
            image = tf.pad(image, tf.constant(new int[][] {{0, 0}, {top, kh - 1 - top}, {left, kw - 1 - left}}),
                    tf.constant(0f));
        }
        // Row i*kw + j holds every output position's input pixel at kernel offset (i, j), in the
        // order [kh, kw] of the kernel's own layout.
        List<Operand<TFloat32>> rows = new ArrayList<>();
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                Operand<TFloat32> shifted = tf.slice(image, tf.constant(new long[] {0, i, j}),
                        tf.constant(new long[] {-1, out[0], out[1]}));
                rows.add(tf.reshape(shifted, tf.constant(new long[] {1, -1})));
            }
        }
        Operand<TFloat32> patches = rows.size() == 1 ? rows.get(0) : tf.concat(rows, tf.constant(0));
        Operand<TFloat32> flatKernel = tf.reshape(conv.kernel(), tf.constant(new long[] {(long) kh * kw, out[2]}));
        Operand<TFloat32> product = tf.linalg.matMul(patches, flatKernel, MatMul.transposeA(true));
        return tf.reshape(product, tf.constant(new long[] {-1, out[0], out[1], out[2]}));
    }
}
