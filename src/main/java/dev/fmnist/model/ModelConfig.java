package dev.fmnist.model;

import dev.fmnist.data.FashionMnist;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every hyperparameter the lab varies, in one immutable record. Presets are the lab's models plus
 * {@code best}; command-line flags map onto the components one to one.
 *
 * @param architecture which layer stack: the lab's one-block model, or the deeper one of {@code best}
 * @param filters      Conv2D filters (of the first block in the deep architecture; each next block doubles them)
 * @param kernelSize   Conv2D kernel is kernelSize x kernelSize
 * @param padding      Conv2D padding
 * @param denseUnits   units of the hidden Dense layer
 * @param dropout      Dropout rate after pooling (and after the hidden Dense layer in the deep
 *                     architecture); 0 means no Dropout layer
 * @param epochs       training epochs
 * @param optimizer    SGD or Adam
 * @param learningRate the optimizer's learning rate, at the start of the schedule
 * @param schedule     how the learning rate changes over the run
 * @param momentum     SGD momentum, or Adam's beta_1
 * @param batchSize    examples per step
 * @param seed         seeds weight initialisation, shuffling, dropout and augmentation
 * @param stepsPerEpoch Keras' {@code steps_per_epoch}: each epoch trains on the first this many batches of
 *                     its shuffled order; 0 (Keras' None) for every batch
 */
public record ModelConfig(Architecture architecture, int filters, int kernelSize, Padding padding, int denseUnits,
                          double dropout, int epochs, Optimizer optimizer, double learningRate, Schedule schedule,
                          double momentum, int batchSize, long seed, int stepsPerEpoch) {

    /** The lab's Application 1: Conv2D 32 3x3 valid, MaxPooling2D, Dense 16, SGD 0.01/0.9, 5 epochs. */
    public static final ModelConfig APP1 = new ModelConfig(Architecture.LAB, 32, 3, Padding.VALID, 16, 0.0, 5,
            Optimizer.SGD, 0.01, Schedule.CONSTANT, 0.9, 32, 2, 0);
    /**
     * Exercise 7, the lab's "optimal values": Application 1 with Dense 512, 20 epochs at learning
     * rate 0.001 (32 filters, 3x3, valid padding, no dropout, as Application 1). The lab: 8.89%.
     */
    public static final ModelConfig EX7 = APP1.withDenseUnits(512).withEpochs(20).withLearningRate(0.001);
    /** Exercise 9: same padding, Dropout 0.2, Dense 512, SGD 0.001/0.9, 20 epochs. */
    public static final ModelConfig EX9 = APP1.withPadding(Padding.SAME).withDropout(0.2).withDenseUnits(512)
            .withLearningRate(0.001).withEpochs(20);
    /** Exercise 10: Exercise 9 with 64 filters. */
    public static final ModelConfig EX10 = EX9.withFilters(64);
    /**
     * Beyond the lab: the deep architecture (batch normalisation, random flips and shifts), Adam
     * with a cosine-decaying learning rate, sized to train within 15 minutes on two CPU cores.
     */
    public static final ModelConfig BEST = new ModelConfig(Architecture.DEEP, 32, 3, Padding.SAME, 512, 0.15, 25,
            Optimizer.ADAM, 0.002, Schedule.COSINE, 0.9, 128, 2, 0);

    public static final int POOL_SIZE = 2;

    /** The names accepted by {@link #preset}. */
    public static final List<String> PRESETS = List.of("app1", "ex7", "ex9", "ex10", "best");

    public ModelConfig {
        List<String> problems = problems(filters, kernelSize, denseUnits, dropout, epochs, learningRate,
                momentum, batchSize, stepsPerEpoch);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        if (architecture == null || padding == null || optimizer == null || schedule == null) {
            throw new IllegalArgumentException("architecture, padding, optimizer and schedule must be given");
        }
        long side = FashionMnist.IMAGE_SIZE;
        for (int block = 0; block < architecture.blocks(); block++) {
            long conv = padding.outputLength(side, kernelSize, 1);
            if (conv < POOL_SIZE) {
                throw new IllegalArgumentException("kernel size must leave a feature map of at least " + POOL_SIZE
                        + "x" + POOL_SIZE + " for pooling in every block with " + padding + " padding, not "
                        + kernelSize);
            }
            side = Padding.VALID.outputLength(conv, POOL_SIZE, POOL_SIZE);
        }
        if (architecture == Architecture.DEEP && (long) filters << (architecture.blocks() - 1) > 4096) {
            throw new IllegalArgumentException("filters must be at most 1024 in the deep architecture, not " + filters);
        }
    }

    private static List<String> problems(int filters, int kernelSize, int denseUnits, double dropout, int epochs,
                                         double learningRate, double momentum, int batchSize, int stepsPerEpoch) {
        List<String> p = new ArrayList<>();
        if (filters < 1 || filters > 4096) {
            p.add("filters must be between 1 and 4096, not " + filters);
        }
        if (kernelSize < 1 || kernelSize > FashionMnist.IMAGE_SIZE) {
            p.add("kernel size must be between 1 and " + FashionMnist.IMAGE_SIZE + ", not " + kernelSize);
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
        if (stepsPerEpoch < 0) {
            p.add("steps per epoch must be at least 1, or 0 for every batch, not " + stepsPerEpoch);
        }
        return p;
    }

    /** The preset called {@code name} (app1, ex7, ex9, ex10 or best). */
    public static ModelConfig preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "app1" -> APP1;
            case "ex7" -> EX7;
            case "ex9" -> EX9;
            case "ex10" -> EX10;
            case "best" -> BEST;
            default -> throw new IllegalArgumentException(
                    "preset must be one of " + String.join(", ", PRESETS) + ", not " + name);
        };
    }

    /**
     * The training steps of an epoch over {@code examples} examples: every batch, or the first
     * {@link #stepsPerEpoch} of them.
     *
     * @throws IllegalArgumentException when an epoch has fewer batches than {@link #stepsPerEpoch}
     */
    public int steps(int examples) {
        int batches = (examples + batchSize - 1) / batchSize;
        if (stepsPerEpoch > batches) {
            throw new IllegalArgumentException("steps per epoch must be at most " + batches + " (the batches of "
                    + batchSize + " in " + examples + " training examples), not " + stepsPerEpoch);
        }
        return stepsPerEpoch == 0 ? batches : stepsPerEpoch;
    }

    /** The side of the feature map after the lab architecture's convolution and pooling. */
    public long pooledSize() {
        long conv = padding.outputLength(FashionMnist.IMAGE_SIZE, kernelSize, 1);
        return Padding.VALID.outputLength(conv, POOL_SIZE, POOL_SIZE);
    }

    public ModelConfig withArchitecture(Architecture v) {
        return with(b -> b.architecture = v);
    }

    public ModelConfig withFilters(int v) {
        return with(b -> b.filters = v);
    }

    public ModelConfig withKernelSize(int v) {
        return with(b -> b.kernelSize = v);
    }

    public ModelConfig withPadding(Padding v) {
        return with(b -> b.padding = v);
    }

    public ModelConfig withDenseUnits(int v) {
        return with(b -> b.denseUnits = v);
    }

    public ModelConfig withDropout(double v) {
        return with(b -> b.dropout = v);
    }

    public ModelConfig withEpochs(int v) {
        return with(b -> b.epochs = v);
    }

    public ModelConfig withOptimizer(Optimizer v) {
        return with(b -> b.optimizer = v);
    }

    public ModelConfig withLearningRate(double v) {
        return with(b -> b.learningRate = v);
    }

    public ModelConfig withSchedule(Schedule v) {
        return with(b -> b.schedule = v);
    }

    public ModelConfig withMomentum(double v) {
        return with(b -> b.momentum = v);
    }

    public ModelConfig withBatchSize(int v) {
        return with(b -> b.batchSize = v);
    }

    public ModelConfig withSeed(long v) {
        return with(b -> b.seed = v);
    }

    public ModelConfig withStepsPerEpoch(int v) {
        return with(b -> b.stepsPerEpoch = v);
    }

    private ModelConfig with(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new ModelConfig(c.architecture, c.filters, c.kernelSize, c.padding, c.denseUnits, c.dropout, c.epochs,
                c.optimizer, c.learningRate, c.schedule, c.momentum, c.batchSize, c.seed, c.stepsPerEpoch);
    }

    /** A mutable copy of every component, for the withers. */
    private static final class Copy {
        Architecture architecture;
        int filters;
        int kernelSize;
        Padding padding;
        int denseUnits;
        double dropout;
        int epochs;
        Optimizer optimizer;
        double learningRate;
        Schedule schedule;
        double momentum;
        int batchSize;
        long seed;
        int stepsPerEpoch;

        Copy(ModelConfig m) {
            architecture = m.architecture;
            filters = m.filters;
            kernelSize = m.kernelSize;
            padding = m.padding;
            denseUnits = m.denseUnits;
            dropout = m.dropout;
            epochs = m.epochs;
            optimizer = m.optimizer;
            learningRate = m.learningRate;
            schedule = m.schedule;
            momentum = m.momentum;
            batchSize = m.batchSize;
            seed = m.seed;
            stepsPerEpoch = m.stepsPerEpoch;
        }
    }
}
