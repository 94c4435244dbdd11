package dev.fmnist.train;

import dev.fmnist.ops.Kernels;

/**
 * How a {@link Trainer} runs its graph, as opposed to what it trains.
 *
 * @param threads TensorFlow's intra-op threads; results are bit-identical for the same seed and threads
 * @param kernels NATIVE builds the blocks our native library fuses with its op (it must be
 *                {@link dev.fmnist.ops.NativeOps#available})
 * @param device  CPU or GPU: {@link Device#resolve resolved}, never AUTO
 */
public record Execution(int threads, Kernels kernels, Device device) {
    public Execution {
        if (device == Device.AUTO) {
            throw new IllegalArgumentException("resolve the device before training on it");
        }
    }

    /** On the CPU with {@code threads} threads. */
    public static Execution cpu(int threads, Kernels kernels) {
        return new Execution(threads, kernels, Device.CPU);
    }
}
