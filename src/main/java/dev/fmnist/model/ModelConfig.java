package dev.fmnist.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every hyperparameter the lab varies, in one immutable record. Presets are the lab's models;
 * command-line flags map onto the components one to one.
 *
 * @param filters      Conv2D filters
 * @param kernelSize   Conv2D kernel is kernelSize x kernelSize
 * @param padding      Conv2D padding
 * @param denseUnits   units of the hidden Dense layer
 * @param dropout      Dropout rate after pooling; 0 means no Dropout layer
 * @param epochs       training epochs
 * @param learningRate SGD learning rate
 * @param momentum     SGD momentum
 * @param batchSize    examples per step
 * @param seed         seeds weight initialisation, shuffling and dropout
 */
public record ModelConfig(int filters, int kernelSize, Padding padding, int denseUnits, double dropout,
                          int epochs, double learningRate, double momentum, int batchSize, long seed) {

    /** The lab's Application 1: Conv2D 32 3x3 valid, MaxPooling2D, Dense 16, SGD 0.01/0.9, 5 epochs. */
    public static final ModelConfig APP1 = new ModelConfig(32, 3, Padding.VALID, 16, 0.0, 5, 0.01, 0.9, 32, 2);
    /** Exercise 9: same padding, Dropout 0.2, Dense 512, SGD 0.001/0.9, 20 epochs. */
    public static final ModelConfig EX9 = new ModelConfig(32, 3, Padding.SAME, 512, 0.2, 20, 0.001, 0.9, 32, 2);
    /** Exercise 10: Exercise 9 with 64 filters. */
    public static final ModelConfig EX10 = EX9.withFilters(64);

    public static final int POOL_SIZE = 2;
    public static final int IMAGE_SIZE = 28;
    public static final int NUM_CLASSES = 10;

    /** The names accepted by {@link #preset}. */
    public static final List<String> PRESETS = List.of("app1", "ex9", "ex10");

    public ModelConfig {
        List<String> problems = problems(filters, kernelSize, denseUnits, dropout, epochs, learningRate,
                momentum, batchSize);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        if (padding == null) {
            throw new IllegalArgumentException("padding must be valid or same");
        }
        if (padding.outputLength(IMAGE_SIZE, kernelSize, 1) < POOL_SIZE) {
            throw new IllegalArgumentException("kernel size must leave a feature map of at least " + POOL_SIZE
                    + "x" + POOL_SIZE + " for pooling with " + padding + " padding, not " + kernelSize);
        }
    }

    private static List<String> problems(int filters, int kernelSize, int denseUnits, double dropout, int epochs,
                                         double learningRate, double momentum, int batchSize) {
        List<String> p = new ArrayList<>();
        if (filters < 1 || filters > 4096) {
            p.add("filters must be between 1 and 4096, not " + filters);
        }
        if (kernelSize < 1 || kernelSize > IMAGE_SIZE) {
            p.add("kernel size must be between 1 and " + IMAGE_SIZE + ", not " + kernelSize);
        }
        if (denseUnits < 1 || denseUnits > 65536) {
            p.add("dense units must be between 1 and 65536, not " + denseUnits);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            p.add("dropout must be at least 0 and below 1, not " + dropout);
        }
        if (epochs < 1 || epochs > 100000) {
            p.add("epochs must be between 1 and 100000, not " + epochs);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            p.add("learning rate must be a positive number, not " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            p.add("momentum must be at least 0 and below 1, not " + momentum);
        }
        if (batchSize < 1 || batchSize > 60000) {
            p.add("batch size must be between 1 and 60000, not " + batchSize);
        }
        return p;
    }

    /** The preset called {@code name} (app1, ex9 or ex10). */
    public static ModelConfig preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "app1" -> APP1;
            case "ex9" -> EX9;
            case "ex10" -> EX10;
            default -> throw new IllegalArgumentException(
                    "preset must be one of " + String.join(", ", PRESETS) + ", not " + name);
        };
    }

    /** The side of the feature map after the convolution and pooling. */
    public long pooledSize() {
        long conv = padding.outputLength(IMAGE_SIZE, kernelSize, 1);
        return Padding.VALID.outputLength(conv, POOL_SIZE, POOL_SIZE);
    }

    public ModelConfig withFilters(int v) {
        return new ModelConfig(v, kernelSize, padding, denseUnits, dropout, epochs, learningRate, momentum, batchSize, seed);
    }

    public ModelConfig withKernelSize(int v) {
        return new ModelConfig(filters, v, padding, denseUnits, dropout, epochs, learningRate, momentum, batchSize, seed);
    }

    public ModelConfig withPadding(Padding v) {
        return new ModelConfig(filters, kernelSize, v, denseUnits, dropout, epochs, learningRate, momentum, batchSize, seed);
    }

    public ModelConfig withDenseUnits(int v) {
        return new ModelConfig(filters, kernelSize, padding, v, dropout, epochs, learningRate, momentum, batchSize, seed);
    }

    public ModelConfig withDropout(double v) {
        return new ModelConfig(filters, kernelSize, padding, denseUnits, v, epochs, learningRate, momentum, batchSize, seed);
    }

    public ModelConfig withEpochs(int v) {
        return new ModelConfig(filters, kernelSize, padding, denseUnits, dropout, v, learningRate, momentum, batchSize, seed);
    }

    public ModelConfig withLearningRate(double v) {
        return new ModelConfig(filters, kernelSize, padding, denseUnits, dropout, epochs, v, momentum, batchSize, seed);
    }

    public ModelConfig withMomentum(double v) {
        return new ModelConfig(filters, kernelSize, padding, denseUnits, dropout, epochs, learningRate, v, batchSize, seed);
    }

    public ModelConfig withBatchSize(int v) {
        return new ModelConfig(filters, kernelSize, padding, denseUnits, dropout, epochs, learningRate, momentum, v, seed);
    }

    public ModelConfig withSeed(long v) {
        return new ModelConfig(filters, kernelSize, padding, denseUnits, dropout, epochs, learningRate, momentum, batchSize, v);
    }
}
