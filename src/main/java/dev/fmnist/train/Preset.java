package dev.fmnist.train;

import dev.fmnist.model.Architecture;
import dev.fmnist.model.ModelConfig;
import dev.fmnist.model.Padding;
import dev.fmnist.train.optimizers.OptimizerKind;
import dev.fmnist.train.optimizers.SGD;
import dev.fmnist.train.optimizers.ScheduleKind;
import dev.fmnist.util.EnumText;

/** The lab's models, and {@code best}: each a model description and the training the lab gives it. */
public enum Preset {
    /** The lab's Application 1: Conv2D 32 3x3 valid, MaxPooling2D, Dense 16, SGD 0.01/0.9, 5 epochs, batch 32. */
    APP1(new Recipe(new ModelConfig(Architecture.LAB, 32, 3, Padding.VALID, 16, 0.0),
            new TrainingConfig(5, OptimizerKind.SGD, 0.01, ScheduleKind.CONSTANT, 0.9, 32, 2, 0))),
    /**
     * Exercise 7, the lab's "optimal values": Application 1 with Dense 512, 20 epochs at learning
     * rate 0.001 (32 filters, 3x3, valid padding, no dropout, as Application 1). The lab: 8.89%.
     */
    EX7(APP1.recipe.withModel(m -> m.withDenseUnits(512)).withTraining(t -> t.withEpochs(20).withLearningRate(0.001))),
    /** Exercise 9: same padding, Dropout 0.2, Dense 512, SGD 0.001/0.9, 20 epochs. */
    EX9(APP1.recipe.withModel(m -> m.withPadding(Padding.SAME).withDropout(0.2).withDenseUnits(512))
            .withTraining(t -> t.withLearningRate(0.001).withEpochs(20))),
    /** Exercise 10: Exercise 9 with 64 filters. */
    EX10(EX9.recipe.withModel(m -> m.withFilters(64))),
    /**
     * Beyond the lab: the deep architecture (batch normalisation, random flips and shifts), Adam
     * with a cosine-decaying learning rate, sized to train within 15 minutes on two CPU cores.
     */
    BEST(new Recipe(new ModelConfig(Architecture.DEEP, 32, 3, Padding.SAME, 512, 0.15),
            new TrainingConfig(25, OptimizerKind.ADAM, 0.002, ScheduleKind.COSINE, 0.9, 128, 2, 0)));

    private final Recipe recipe;

    Preset(Recipe recipe) {
        this.recipe = recipe;
    }

    public Recipe recipe() {
        return recipe;
    }

    public ModelConfig model() {
        return recipe.model();
    }

    public TrainingConfig training() {
        return recipe.training();
    }

    /** The preset called {@code text} (app1, ex7, ex9, ex10 or best). */
    public static Preset parse(String text) {
        return EnumText.parse(Preset.class, "preset", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
