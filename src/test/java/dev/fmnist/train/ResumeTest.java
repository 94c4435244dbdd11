package dev.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fmnist.data.Dataset;
import dev.fmnist.ops.Kernels;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run stopped anywhere and resumed in a fresh trainer ends exactly as the uninterrupted run. One
 * step per {@code Session.run}, so that a stop can fall after any step ({@link StepsPerExecutionTest}
 * stops chained runs).
 */
class ResumeTest {
    static final Dataset TRAIN = Synthetic.squares(640, 11);
    static final Dataset VAL = Synthetic.squares(100, 12);
    static final Recipe CONFIG = Preset.EX9.recipe().withModel(m -> m.withFilters(6).withDenseUnits(24)).withTraining(tc -> tc.withEpochs(3))
            .withTraining(tc -> tc.withLearningRate(0.01));
    /** Batch normalisation, augmentation, Adam and a cosine schedule: state beyond weights and slots. */
    static final Recipe DEEP = Preset.BEST.recipe().withModel(m -> m.withFilters(4).withDenseUnits(16)).withTraining(tc -> tc.withEpochs(3))
            .withTraining(tc -> tc.withBatchSize(32));
    static final int[] ALL = TRAIN.allIndices();
    static final int[] VAL_ALL = VAL.allIndices();

    static List<List<Double>> metrics(History h) {
        return h.epochs().stream().map(l -> List.of(l.loss(), l.accuracy(), l.valLoss(), l.valAccuracy())).toList();
    }

    /** @param stopAfter steps (counted over the whole run) after which the first run is stopped */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 20, 33, 59})
    void resumedRunIsBitIdentical(int stopAfter) throws Exception {
        assertResumesExactly(CONFIG, stopAfter);
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 41})
    void resumedDeepRunIsBitIdentical(int stopAfter) throws Exception {
        assertResumesExactly(DEEP, stopAfter);
    }

    /** Exercise 9's model: every native op, the Dense kernel updated in place by ours. */
    @ParameterizedTest
    @ValueSource(ints = {9, 30})
    void resumedRunOnNativeKernelsIsBitIdentical(int stopAfter) throws Exception {
        assertResumesExactly(Preset.EX9.recipe().withModel(m -> m.withFilters(8)).withTraining(tc -> tc.withEpochs(3)), stopAfter, Kernels.NATIVE);
    }

    private static void assertResumesExactly(Recipe config, int stopAfter) throws Exception {
        assertResumesExactly(config, stopAfter, Kernels.STOCK);
    }

    private static void assertResumesExactly(Recipe config, int stopAfter, Kernels kernels) throws Exception {
        History straight;
        Map<String, float[]> straightWeights;
        try (Trainer t = new Trainer(config, Execution.cpu(2, kernels).withStepsPerExecution(1), TRAIN, VAL)) {
            straight = t.fit(ALL, VAL, VAL_ALL, TrainingListener.SILENT, () -> false);
            straightWeights = t.weightValues();
        }

        TrainingState saved;
        try (Trainer t = new Trainer(config, Execution.cpu(2, kernels).withStepsPerExecution(1), TRAIN, VAL)) {
            AtomicInteger checks = new AtomicInteger();
            saved = assertThrows(TrainingInterruptedException.class, () -> t.fit(ALL, VAL, VAL_ALL,
                    TrainingListener.SILENT, () -> checks.getAndIncrement() >= stopAfter)).state();
        }
        assertEquals(stopAfter, saved.epoch() * 20 + saved.step());

        try (Trainer t = new Trainer(config, Execution.cpu(2, kernels).withStepsPerExecution(1), TRAIN, VAL)) {
            t.restore(saved);
            History resumed = t.fit(ALL, VAL, VAL_ALL, TrainingListener.SILENT, () -> false);
            assertEquals(metrics(straight), metrics(resumed));
            Map<String, float[]> w = t.weightValues();
            for (String name : straightWeights.keySet()) {
                assertArrayEquals(straightWeights.get(name), w.get(name), 0f, name);
            }
        }
    }
}
