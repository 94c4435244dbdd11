package dev.fmnist.train.experiments;

import dev.fmnist.data.Dataset;
import dev.fmnist.train.CheckpointStore;
import dev.fmnist.train.Execution;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingDivergedException;
import dev.fmnist.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's experiments: one model per config (and per repeat, each with its own seed), trained
 * on the training set with validation on the test set, and scored by its test error.
 */
public final class Sweep {
    private Sweep() {}

    /**
     * What the sweep measured.
     *
     * @param errors  per config, the test error in percent of each repeat
     * @param seconds per config, the training seconds of each repeat
     * @param seeds   the seed of each repeat
     */
    public record Outcome(List<double[]> errors, List<double[]> seconds, long[] seeds) {}

    /** Told about each training run of the sweep. */
    public interface Observer {
        /** The listener for the run of config {@code index} with {@code seed}. */
        TrainingListener starting(int index, long seed);

        /** The run of config {@code index} with {@code seed} ended at {@code errorPercent}. */
        void finished(int index, long seed, double errorPercent);

        /** The run of config {@code index} with {@code seed} stopped because its loss diverged; the sweep goes on. */
        void diverged(int index, long seed, TrainingDivergedException e);
    }

    /** The seeds of {@code repeats} repeats: {@code firstSeed}, {@code firstSeed + 1}, ... */
    public static long[] seeds(long firstSeed, int repeats) {
        long[] seeds = new long[repeats];
        for (int r = 0; r < repeats; r++) {
            seeds[r] = firstSeed + r;
        }
        return seeds;
    }

    /**
     * Trains every config {@code repeats} times, with seeds {@code firstSeed}, {@code firstSeed + 1}, ...
     * A run whose loss diverges (as the lab's largest learning rates may) scores NaN, and the sweep goes on.
     */
    public static Outcome run(List<Recipe> configs, int repeats, long firstSeed, Execution execution,
                              Dataset train, Dataset test, Observer observer)
            throws CheckpointStore.CheckpointException {
        long[] seeds = seeds(firstSeed, repeats);
        List<double[]> errors = new ArrayList<>();
        List<double[]> seconds = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            double[] e = new double[repeats];
            double[] t = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long seed = seeds[r];
                Recipe c = configs.get(i).withTraining(training -> training.withSeed(seed));
                long start = System.nanoTime();
                try (Trainer trainer = new Trainer(c, execution, train, test)) {
                    trainer.fit(test, observer.starting(i, seeds[r]));
                    t[r] = (System.nanoTime() - start) / 1e9;
                    e[r] = trainer.evaluate(test).errorRatePercent();
                    observer.finished(i, seeds[r], e[r]);
                } catch (TrainingDivergedException diverged) {
                    t[r] = (System.nanoTime() - start) / 1e9;
                    e[r] = Double.NaN;
                    observer.diverged(i, seeds[r], diverged);
                }
            }
            errors.add(e);
            seconds.add(t);
        }
        return new Outcome(errors, seconds, seeds);
    }
}
