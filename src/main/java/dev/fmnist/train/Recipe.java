package dev.fmnist.train;

import dev.fmnist.model.ModelConfig;
import java.util.function.UnaryOperator;

/**
 * What a run trains and how: a model description and a training configuration, as a
 * {@link Preset} names them and the flags change them.
 */
public record Recipe(ModelConfig model, TrainingConfig training) {
    public Recipe {
        if (model == null || training == null) {
            throw new IllegalArgumentException("a recipe needs a model and a training configuration");
        }
    }

    public Recipe withModel(UnaryOperator<ModelConfig> change) {
        return new Recipe(change.apply(model), training);
    }

    public Recipe withTraining(UnaryOperator<TrainingConfig> change) {
        return new Recipe(model, change.apply(training));
    }
}
