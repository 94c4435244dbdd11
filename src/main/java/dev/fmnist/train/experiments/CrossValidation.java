package dev.fmnist.train.experiments;

import dev.fmnist.data.Dataset;
import dev.fmnist.train.CheckpointStore;
import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.Execution;
import dev.fmnist.train.History;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingDivergedException;
import dev.fmnist.train.TrainingInterruptedException;
import dev.fmnist.train.TrainingListener;
import dev.fmnist.util.Stats;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's Application 2: for each fold of {@link KFold}, a fresh model trained on the fold's
 * training part with validation on its held-out part, then evaluated on the test set; the folds'
 * test accuracies summarised as numpy would.
 */
public final class CrossValidation {
    private final Recipe recipe;
    private final Execution execution;
    private final List<KFold.Fold> folds;

    public CrossValidation(Recipe recipe, Execution execution, KFold kfold, int examples) {
        this.recipe = recipe;
        this.execution = execution;
        this.folds = kfold.split(examples);
    }

    /** The callbacks of one fold's fit. */
    public interface FoldCallbacks {
        TrainingListener forFold(int fold);
    }

    /** One fold's outcome: its epochs, and its model's accuracy on the test set. */
    public record FoldResult(int fold, History history, double testAccuracy) {}

    /** What the folds measured, in the order run. */
    public record Result(List<FoldResult> folds) {
        public double[] accuracies() {
            return folds.stream().mapToDouble(FoldResult::testAccuracy).toArray();
        }

        public double mean() {
            return Stats.mean(accuracies());
        }

        /** numpy's default {@code std}: the population standard deviation (ddof = 0). */
        public double std() {
            return Stats.populationStd(accuracies());
        }

        /** One row per fold and epoch, each with its fold's test accuracy, for pandas' groupby. */
        public String historyCsv() {
            StringBuilder s = new StringBuilder("fold,epoch,").append(EpochLogs.CSV_COLUMNS).append(",test_accuracy\n");
            for (FoldResult f : folds) {
                List<EpochLogs> epochs = f.history().epochs();
                for (int e = 0; e < epochs.size(); e++) {
                    s.append(f.fold()).append(',').append(e + 1).append(',').append(epochs.get(e).csvFields())
                            .append(',').append(f.testAccuracy()).append('\n');
                }
            }
            return s.toString();
        }
    }

    /**
     * The seed of fold {@code fold}'s model: {@code seed + fold}. Each fold starts from its own
     * initial weights, shuffles and dropout, as the lab's {@code defineModel} draws fresh weights for
     * each fold, and a fold run alone ({@code --fold I}) repeats its part of a whole run exactly.
     */
    public static long seedOfFold(long seed, int fold) {
        return seed + fold;
    }

    /**
     * Trains and evaluates the folds {@code selected} (0-based, in that order).
     *
     * @param stop checked before every step
     * @throws TrainingInterruptedException when {@code stop} said so, in the fold it names
     */
    public Result run(List<Integer> selected, Dataset train, Dataset test, FoldCallbacks callbacks,
                      java.util.function.BooleanSupplier stop)
            throws TrainingDivergedException, FoldInterruptedException, CheckpointStore.CheckpointException {
        List<FoldResult> results = new ArrayList<>();
        for (int k : selected) {
            KFold.Fold fold = folds.get(k);
            try (Trainer trainer = new Trainer(recipe.withTraining(t -> t.withSeed(seedOfFold(t.seed(), k))), execution, train,
                    test)) {
                History h = trainer.fit(fold.train(), train, fold.heldOut(), callbacks.forFold(k), stop);
                results.add(new FoldResult(k, h, trainer.evaluate(test).accuracy()));
            } catch (TrainingInterruptedException e) {
                throw new FoldInterruptedException(k, e);
            }
        }
        return new Result(results);
    }

    /** A stop request ended the run in fold {@link #fold}. */
    public static final class FoldInterruptedException extends TrainingInterruptedException {
        private final int fold;

        FoldInterruptedException(int fold, TrainingInterruptedException cause) {
            super(cause.state());
            this.fold = fold;
        }

        public int fold() {
            return fold;
        }
    }
}
