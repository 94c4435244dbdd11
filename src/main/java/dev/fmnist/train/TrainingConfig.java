package dev.fmnist.train;

import dev.fmnist.train.optimizers.OptimizerKind;
import dev.fmnist.train.optimizers.ScheduleKind;
import java.util.ArrayList;
import java.util.List;

/**
 * How a model trains: Keras' {@code compile} and {@code fit} arguments, in one immutable record.
 *
 * @param epochs        training epochs
 * @param optimizer     SGD or Adam
 * @param learningRate  the optimizer's learning rate, at the start of the schedule
 * @param schedule      how the learning rate changes over the run
 * @param momentum      SGD momentum, or Adam's beta_1
 * @param batchSize     examples per step
 * @param seed          seeds weight initialisation, shuffling, dropout and augmentation
 * @param stepsPerEpoch Keras' {@code steps_per_epoch}: each epoch trains on the first this many batches of
 *                      its shuffled order; 0 (Keras' None) for every batch
 */
public record TrainingConfig(int epochs, OptimizerKind optimizer, double learningRate, ScheduleKind schedule,
                             double momentum, int batchSize, long seed, int stepsPerEpoch) {
    public static final int MAX_EPOCHS = 100_000;
    /** A batch may hold the whole training set, and no more. */
    public static final int MAX_BATCH_SIZE = 60_000;

    public TrainingConfig {
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("optimizer and schedule must be given");
        }
        List<String> p = new ArrayList<>();
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            p.add("epochs must be between 1 and " + MAX_EPOCHS + ", not " + epochs);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            p.add("learning rate must be a positive number, not " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            p.add("momentum must be at least 0 and below 1, not " + momentum);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            p.add("batch size must be between 1 and " + MAX_BATCH_SIZE + ", not " + batchSize);
        }
        if (stepsPerEpoch < 0) {
            p.add("steps per epoch must be at least 1, or 0 for every batch, not " + stepsPerEpoch);
        }
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", p));
        }
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

    public TrainingConfig withEpochs(int v) {
        return new TrainingConfig(v, optimizer, learningRate, schedule, momentum, batchSize, seed, stepsPerEpoch);
    }

    public TrainingConfig withOptimizer(OptimizerKind v) {
        return new TrainingConfig(epochs, v, learningRate, schedule, momentum, batchSize, seed, stepsPerEpoch);
    }

    public TrainingConfig withLearningRate(double v) {
        return new TrainingConfig(epochs, optimizer, v, schedule, momentum, batchSize, seed, stepsPerEpoch);
    }

    public TrainingConfig withSchedule(ScheduleKind v) {
        return new TrainingConfig(epochs, optimizer, learningRate, v, momentum, batchSize, seed, stepsPerEpoch);
    }

    public TrainingConfig withMomentum(double v) {
        return new TrainingConfig(epochs, optimizer, learningRate, schedule, v, batchSize, seed, stepsPerEpoch);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(epochs, optimizer, learningRate, schedule, momentum, v, seed, stepsPerEpoch);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(epochs, optimizer, learningRate, schedule, momentum, batchSize, v, stepsPerEpoch);
    }

    public TrainingConfig withStepsPerEpoch(int v) {
        return new TrainingConfig(epochs, optimizer, learningRate, schedule, momentum, batchSize, seed, v);
    }
}
