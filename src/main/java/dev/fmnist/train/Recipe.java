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

    /**
     * The run's identity in checkpoints and cluster results: the text every version of this program
     * has written for it (each field as the one record that once held both configs named it), so
     * that a run stopped by an earlier version resumes with this one, and another run's is refused.
     */
    public String key() {
        ModelConfig m = model;
        TrainingConfig t = training;
        return "ModelConfig[architecture=" + m.architecture() + ", filters=" + m.filters() + ", kernelSize="
                + m.kernelSize() + ", padding=" + m.padding() + ", denseUnits=" + m.denseUnits() + ", dropout="
                + m.dropout() + ", epochs=" + t.epochs() + ", optimizer=" + t.optimizer() + ", learningRate="
                + t.learningRate() + ", schedule=" + t.schedule() + ", momentum=" + t.momentum() + ", batchSize="
                + t.batchSize() + ", seed=" + t.seed() + ", stepsPerEpoch=" + t.stepsPerEpoch() + "]";
    }

    public Recipe withModel(UnaryOperator<ModelConfig> change) {
        return new Recipe(change.apply(model), training);
    }

    public Recipe withTraining(UnaryOperator<TrainingConfig> change) {
        return new Recipe(model, change.apply(training));
    }
}
