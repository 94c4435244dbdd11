package dev.fmnist.train.optimizers;

import dev.fmnist.util.EnumText;

/** The Keras optimizers a run may train with, by the name a flag gives them. */
public enum OptimizerKind {
    /** {@code SGD(learning_rate, momentum)}: {@link SGD}. */
    SGD,
    /** {@code Adam(learning_rate, beta_1=momentum, beta_2=0.999, epsilon=1e-7)}: {@link Adam}. */
    ADAM;

    /** The optimizer of this kind, following {@code schedule}, with {@code momentum} (SGD's, or Adam's beta_1). */
    public Optimizer create(LearningRateSchedule schedule, double momentum) {
        return switch (this) {
            case SGD -> new SGD(schedule, momentum);
            case ADAM -> new Adam(schedule, momentum);
        };
    }

    public static OptimizerKind parse(String text) {
        return EnumText.parse(OptimizerKind.class, "optimizer", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
