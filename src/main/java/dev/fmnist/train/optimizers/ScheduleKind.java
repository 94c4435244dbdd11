package dev.fmnist.train.optimizers;

import dev.fmnist.util.EnumText;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** How the learning rate may change over a run, by the name a flag gives it. */
public enum ScheduleKind {
    /** The same learning rate throughout, as the lab trains: {@link LearningRateSchedule.Constant}. */
    CONSTANT,
    /** Keras' {@code CosineDecay} over every step of the run: {@link CosineDecay}. */
    COSINE;

    /**
     * The schedule of this kind from {@code learningRate}.
     *
     * @param decaySteps a scalar the trainer sets to the steps of the current fit
     */
    public LearningRateSchedule create(double learningRate, Operand<TFloat32> decaySteps) {
        return switch (this) {
            case CONSTANT -> new LearningRateSchedule.Constant(learningRate);
            case COSINE -> new CosineDecay(learningRate, decaySteps);
        };
    }

    public static ScheduleKind parse(String text) {
        return EnumText.parse(ScheduleKind.class, "schedule", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
