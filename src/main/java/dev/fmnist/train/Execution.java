package dev.fmnist.train;

import dev.fmnist.ops.Kernels;
import dev.fmnist.train.device.Device;

/**
 * How a {@link Trainer} runs its graph, as opposed to what it trains.
 *
 * @param threads TensorFlow's intra-op threads; results are bit-identical for the same seed and threads
 * @param kernels NATIVE builds the blocks our native library fuses with its op (it must be
 *                {@link dev.fmnist.ops.NativeOps#available})
 * @param device  CPU or GPU: {@link Device#resolve resolved}, never AUTO
 * @param stepsPerExecution training steps per {@code Session.run}, as Keras' {@code steps_per_execution}:
 *                the same steps in the same order, so results do not depend on it
 */
public record Execution(int threads, Kernels kernels, Device device, int stepsPerExecution) {
    /** What {@code --steps-per-execution} is unless given; see {@code docs/benchmarks.md}. */
    public static final int DEFAULT_STEPS_PER_EXECUTION = 8;

    public Execution {
        if (device == Device.AUTO) {
            throw new IllegalArgumentException("resolve the device before training on it");
        }
        if (stepsPerExecution < 1) {
            throw new IllegalArgumentException("steps per execution must be at least 1: " + stepsPerExecution);
        }
    }

    /** With the default steps per execution. */
    public Execution(int threads, Kernels kernels, Device device) {
        this(threads, kernels, device, DEFAULT_STEPS_PER_EXECUTION);
    }

    /** On the CPU with {@code threads} threads. */
    public static Execution cpu(int threads, Kernels kernels) {
        return new Execution(threads, kernels, Device.CPU);
    }

    /** The same, with {@code steps} training steps per {@code Session.run}. */
    public Execution withStepsPerExecution(int steps) {
        return new Execution(threads, kernels, device, steps);
    }
}
