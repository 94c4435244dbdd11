package dev.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fmnist.ops.Kernels;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several steps per {@code Session.run} are the same steps: each chained step waits for the one
 * before, so a run with any steps per execution ends bit for bit as the run of single steps, and a
 * run stopped between chains resumes exactly, with or without them. The training set has 20
 * batches, so chains of 3 and 8 leave single steps at each epoch's end.
 */
class StepsPerExecutionTest {
    private static final int[] ALL = ResumeTest.ALL;
    private static final int[] VAL_ALL = ResumeTest.VAL_ALL;

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("dropout, stock", ResumeTest.CONFIG, Kernels.STOCK, 8),
                Arguments.of("batch norm, augmentation, Adam, cosine", ResumeTest.DEEP, Kernels.STOCK, 3),
                Arguments.of("Exercise 9 on our kernels (Dense kernel updated in place)",
                        Preset.EX9.recipe().withModel(m -> m.withFilters(8)).withTraining(tc -> tc.withEpochs(2)), Kernels.NATIVE, 8),
                Arguments.of("Application 1 on our kernels", Preset.APP1.recipe().withModel(m -> m.withFilters(8)).withTraining(tc -> tc.withEpochs(2)),
                        Kernels.NATIVE, 3));
    }

    private record Run(History history, Map<String, float[]> weights) {}

    private static Run fit(Recipe config, Kernels kernels, int steps) throws Exception {
        try (Trainer t = new Trainer(config, Execution.cpu(2, kernels).withStepsPerExecution(steps), ResumeTest.TRAIN,
                ResumeTest.VAL)) {
            return new Run(t.fit(ALL, ResumeTest.VAL, VAL_ALL, TrainingListener.SILENT, () -> false), t.weightValues());
        }
    }

    private static void assertSame(Run expected, Run actual) {
        assertEquals(ResumeTest.metrics(expected.history()), ResumeTest.metrics(actual.history()));
        for (String name : expected.weights().keySet()) {
            assertArrayEquals(expected.weights().get(name), actual.weights().get(name), 0f, name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void chainedStepsEndAsSingleSteps(String what, Recipe config, Kernels kernels, int steps) throws Exception {
        assertSame(fit(config, kernels, 1), fit(config, kernels, steps));
    }

    /** With 5 steps per epoch, chains of 3 stop at the epoch's fifth step: a chain and two single steps. */
    @Test
    void chainsEndWithTheStepsPerEpoch() throws Exception {
        Recipe five = ResumeTest.CONFIG.withTraining(tc -> tc.withStepsPerEpoch(5));
        assertSame(fit(five, Kernels.STOCK, 1), fit(five, Kernels.STOCK, 3));
    }

    /** Stopped after its second chain, a chained run resumes exactly, in chains or in single steps. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void aChainedRunStopsBetweenChainsAndResumesExactly(String what, Recipe config, Kernels kernels, int steps)
            throws Exception {
        Run straight = fit(config, kernels, 1);
        TrainingState saved;
        try (Trainer t = new Trainer(config, Execution.cpu(2, kernels).withStepsPerExecution(steps), ResumeTest.TRAIN,
                ResumeTest.VAL)) {
            AtomicInteger checks = new AtomicInteger();
            saved = assertThrows(TrainingInterruptedException.class, () -> t.fit(ALL, ResumeTest.VAL, VAL_ALL,
                    TrainingListener.SILENT, () -> checks.getAndIncrement() >= 2)).state();
        }
        assertEquals(0, saved.epoch());
        assertEquals(2 * steps, saved.step(), "stopped after two chains of " + steps);
        for (int resumeWith : new int[] {steps, 1}) {
            try (Trainer t = new Trainer(config, Execution.cpu(2, kernels).withStepsPerExecution(resumeWith),
                    ResumeTest.TRAIN, ResumeTest.VAL)) {
                t.restore(saved);
                History resumed = t.fit(ALL, ResumeTest.VAL, VAL_ALL, TrainingListener.SILENT, () -> false);
                assertSame(straight, new Run(resumed, t.weightValues()));
            }
        }
    }
}
