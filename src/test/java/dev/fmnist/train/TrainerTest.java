package dev.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.data.Dataset;
import dev.fmnist.ops.Kernels;
import dev.fmnist.train.device.Placement;
import dev.fmnist.train.optimizers.OptimizerKind;
import dev.fmnist.train.optimizers.ScheduleKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {
    static final Dataset TRAIN = Synthetic.TRAIN;
    static final Dataset TEST = Synthetic.TEST;
    static final Recipe SMALL = Synthetic.SMALL;

    private static History fit(Recipe config) throws Exception {
        try (Trainer t = new Trainer(config, Execution.cpu(2, Kernels.STOCK), TRAIN, TEST)) {
            return t.fit(TEST, TrainingListener.SILENT);
        }
    }

    @Test
    void learnsAndReportsKerasStyleLogs() throws Exception {
        List<String> events = new ArrayList<>();
        try (Trainer t = new Trainer(SMALL, Execution.cpu(2, Kernels.STOCK), TRAIN, TEST)) {
            History h = t.fit(TEST, new TrainingListener() {
                @Override
                public void onEpochBegin(int epoch, int epochs, int steps) {
                    events.add("begin " + epoch + "/" + epochs + " " + steps);
                }

                @Override
                public void onEpochEnd(int epoch, int epochs, EpochLogs logs) {
                    events.add("end " + epoch);
                }
            });
            assertEquals(List.of("begin 0/3 20", "end 0", "begin 1/3 20", "end 1", "begin 2/3 20", "end 2"), events);
            assertEquals(3, h.epochs().size());
            assertTrue(h.last().loss() < h.epochs().get(0).loss(), "training loss falls");
            assertTrue(h.last().accuracy() > 0.5, "accuracy " + h.last().accuracy());
            Metrics test = t.evaluate(TEST);
            assertEquals(h.last().valLoss(), test.loss(), 1e-12, "val_loss is evaluate() on the whole set");
            assertEquals(h.last().valAccuracy(), test.accuracy(), 1e-12);
            assertEquals(200, test.count());
        }
    }

    /** Keras' steps_per_epoch: each epoch runs that many steps, and asking for more than there are is refused. */
    @Test
    void trainsStepsPerEpochOnly() throws Exception {
        List<Integer> steps = new ArrayList<>();
        Recipe five = SMALL.withTraining(tc -> tc.withEpochs(2).withStepsPerEpoch(5));
        History h;
        try (Trainer t = new Trainer(five, Execution.cpu(2, Kernels.STOCK), TRAIN, TEST)) {
            h = t.fit(TEST, new TrainingListener() {
                @Override
                public void onEpochBegin(int epoch, int epochs, int n) {
                    steps.add(n);
                }
            });
        }
        assertEquals(List.of(5, 5), steps);
        assertEquals(List.of(5, 5), h.epochs().stream().map(EpochLogs::steps).toList());
        assertNotEquals(fit(SMALL.withTraining(tc -> tc.withEpochs(2))).last().loss(), h.last().loss(), "5 of 20 batches train another model");
        assertEquals(20, SMALL.training().steps(640));
        assertEquals(20, SMALL.withTraining(tc -> tc.withStepsPerEpoch(20)).training().steps(640));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SMALL.withTraining(tc -> tc.withStepsPerEpoch(21)).training().steps(640));
        assertEquals("steps per epoch must be at most 20 (the batches of 32 in 640 training examples), not 21",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SMALL.withTraining(tc -> tc.withStepsPerEpoch(-1)));
    }

    /**
     * Asked for, the first step is traced, once per trainer, and says where every op ran: here, all
     * on the CPU. Not asked for, nothing is traced.
     */
    @Test
    void reportsWhereTheFirstStepRanWhenAsked() throws Exception {
        try (Trainer t = new Trainer(SMALL.withTraining(tc -> tc.withEpochs(1)), Execution.cpu(2, Kernels.STOCK), TRAIN, TEST)) {
            t.fit(TEST, TrainingListener.SILENT);
            assertTrue(t.placement().isEmpty(), "traced though no listener asked");
        }
        List<Placement> seen = new ArrayList<>();
        try (Trainer t = new Trainer(SMALL.withTraining(tc -> tc.withEpochs(2)), Execution.cpu(2, Kernels.STOCK), TRAIN, TEST)) {
            assertTrue(t.placement().isEmpty());
            t.fit(TEST, TrainingListener.SILENT.and(new TrainingListener() {
                @Override
                public boolean wantsPlacement() {
                    return true;
                }

                @Override
                public void onPlacement(Placement placement) {
                    seen.add(placement);
                }
            }));
            assertEquals(1, seen.size(), "once per trainer, not per epoch");
            Placement p = seen.get(0);
            assertEquals(java.util.Set.of("CPU:0"), p.opTypes().keySet());
            java.util.Set<String> types = p.typesOn("CPU:0");
            assertTrue(types.containsAll(List.of("SparseSoftmaxCrossEntropyWithLogits", "ReluGrad", "ApplyMomentum"))
                    && types.stream().anyMatch(op -> op.endsWith("MaxPoolGrad")), types.toString());
            assertTrue(p.count("CPU:0") > 100, "every op of the step: " + p.count("CPU:0"));
            assertTrue(p.summary().matches("CPU:0 ran \\d+ ops"), p.summary());
            assertEquals(p, t.placement().orElseThrow());
        }
    }

    /**
     * Adam's first step moves every weight whose gradient is not zero by the learning rate, whatever
     * the gradient's size: m-hat = g and v-hat = g^2 once bias-corrected at t = 1.
     */
    @Test
    void adamsFirstStepMovesEachWeightByTheLearningRate() throws Exception {
        double lr = 0.003;
        Recipe adam = SMALL.withTraining(tc -> tc.withOptimizer(OptimizerKind.ADAM).withLearningRate(lr)).withTraining(tc -> tc.withEpochs(1));
        int[] oneBatch = java.util.stream.IntStream.range(0, adam.training().batchSize()).toArray();
        try (Trainer t = new Trainer(adam, Execution.cpu(1, Kernels.STOCK), TRAIN)) {
            Map<String, float[]> before = t.weightValues();
            t.fit(oneBatch, null, null, TrainingListener.SILENT, () -> false);
            Map<String, float[]> after = t.weightValues();
            int moved = 0;
            int byTheRate = 0;
            int total = 0;
            for (String name : before.keySet()) {
                for (int i = 0; i < before.get(name).length; i++) {
                    double delta = Math.abs(after.get(name)[i] - before.get(name)[i]);
                    total++;
                    assertTrue(delta <= lr * 1.001, name + "[" + i + "] moved " + delta);
                    moved += delta != 0 ? 1 : 0;
                    // Only gradients near epsilon (1e-7) fall short of the full rate.
                    byTheRate += Math.abs(delta - lr) < lr * 0.02 ? 1 : 0;
                }
            }
            assertTrue(moved > total / 2, moved + " of " + total + " weights moved");
            assertTrue(byTheRate > moved * 0.9, byTheRate + " of " + moved + " moved by the learning rate");
        }
    }

    @Test
    void cosineScheduleDecaysOverTheRunAsKerasCosineDecay() throws Exception {
        Recipe cosine = SMALL.withTraining(tc -> tc.withSchedule(ScheduleKind.COSINE).withEpochs(4));
        int steps = 4 * (TRAIN.count() / cosine.training().batchSize());
        try (Trainer t = new Trainer(cosine, Execution.cpu(1, Kernels.STOCK), TRAIN)) {
            List<Double> seen = new ArrayList<>();
            List<Double> expected = new ArrayList<>();
            t.fit(TRAIN.allIndices(), null, null, new TrainingListener() {
                @Override
                public void onEpochEnd(int epoch, int epochs, EpochLogs logs) {
                    seen.add(t.nextLearningRate());
                    expected.add(kerasCosineDecay(cosine.training().learningRate(), (epoch + 1L) * steps / 4, steps));
                }
            }, () -> false);
            for (int e = 0; e < 4; e++) {
                assertEquals(expected.get(e), seen.get(e), 1e-7, "after epoch " + (e + 1));
            }
            // A cosine, not a line: 0.8536 of the rate a quarter of the way, where a linear decay gives 0.75.
            assertEquals(0.5 * (1 + Math.cos(Math.PI / 4)) * cosine.training().learningRate(), seen.get(0), 1e-7);
            assertEquals(cosine.training().learningRate() / 2, seen.get(1), 1e-7, "half way down at the middle of the run");
            assertEquals(0.0, seen.get(3), 1e-7, "at zero at the end");
        }
    }

    /** Keras' documented CosineDecay (alpha 0) at 0-based {@code step}, as the reference. */
    private static double kerasCosineDecay(double initial, long step, long decaySteps) {
        return initial * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, decaySteps) / decaySteps));
    }

    @Test
    void sameSeedAndThreadsGiveBitIdenticalRuns() throws Exception {
        Recipe withDropout = SMALL.withModel(m -> m.withDropout(0.3));
        assertEquals(fit(withDropout).epochs().stream().map(TrainerTest::bits).toList(),
                fit(withDropout).epochs().stream().map(TrainerTest::bits).toList());
    }

    @Test
    void anotherSeedGivesAnotherRun() throws Exception {
        assertNotEquals(bits(fit(SMALL).last()), bits(fit(SMALL.withTraining(tc -> tc.withSeed(7))).last()));
    }

    private static List<Long> bits(EpochLogs l) {
        return List.of(Double.doubleToLongBits(l.loss()), Double.doubleToLongBits(l.accuracy()),
                Double.doubleToLongBits(l.valLoss()), Double.doubleToLongBits(l.valAccuracy()));
    }

    /** The lab's error rate from the count of wrong answers: 1,383 of 10,000 is 13.83, to the last digit. */
    @Test
    void errorRatesAreTheirShortestForm() {
        assertEquals("13.83", String.valueOf(new Metrics(0.4, 0.8617, 10000).errorRatePercent()));
        assertEquals("9.92", String.valueOf(new Metrics(0.3, 0.9008, 10000).errorRatePercent()));
        assertEquals(50.0, new Metrics(0.7, 0.5, 2).errorRatePercent());
    }

    @Test
    void divergenceStopsNamingItsLearningRate() {
        Recipe wild = SMALL.withTraining(tc -> tc.withLearningRate(1e30));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> fit(wild));
        assertTrue(e.getMessage().matches("The loss became (NaN|infinite) in epoch 1 by step \\d+ at a learning rate"
                + " of 1.0E30; training stopped."), e.getMessage());
        assertEquals(dev.fmnist.util.FmnistException.Remedy.LEARNING_RATE, e.remedy().orElseThrow());
    }

    @Test
    void probabilitiesSumToOneAndMatchEvaluate() throws Exception {
        try (Trainer t = new Trainer(SMALL.withTraining(tc -> tc.withEpochs(1)), Execution.cpu(2, Kernels.STOCK), TRAIN, TEST)) {
            t.fit(null, TrainingListener.SILENT);
            int[] all = TEST.allIndices();
            float[] p = t.predict(TEST, all);
            int correct = 0;
            for (int i = 0; i < TEST.count(); i++) {
                double sum = 0;
                int best = 0;
                for (int k = 0; k < 10; k++) {
                    sum += p[i * 10 + k];
                    best = p[i * 10 + k] > p[i * 10 + best] ? k : best;
                }
                assertEquals(1.0, sum, 1e-5);
                correct += best == TEST.label(i) ? 1 : 0;
            }
            assertEquals(t.evaluate(TEST).accuracy(), correct / (double) TEST.count(), 1e-12);
            // One pass for both (train.jar's error rate and confusion matrix): the same figures.
            float[] q = new float[p.length];
            assertEquals(t.evaluate(TEST), t.evaluate(TEST, q));
            assertArrayEquals(p, q);
        }
    }

    @Test
    void weightsHaveKerasNamesAndShapes() throws Exception {
        try (Trainer t = new Trainer(Preset.APP1.recipe(), Execution.cpu(1, Kernels.STOCK), TRAIN)) {
            Map<String, float[]> w = t.weightValues();
            assertEquals(List.of("conv2d/kernel", "conv2d/bias", "dense/kernel", "dense/bias",
                    "dense_1/kernel", "dense_1/bias"), List.copyOf(w.keySet()));
            assertEquals(288, w.get("conv2d/kernel").length);
            assertEquals(5408 * 16, w.get("dense/kernel").length);
            assertArrayEquals(new float[16], w.get("dense/bias"), "biases start at zero");
            double limit = Math.sqrt(6.0 / 9);
            float max = 0;
            for (float v : w.get("conv2d/kernel")) {
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max <= limit && max > 0.8 * limit, "he_uniform bound " + limit + ", max seen " + max);
        }
    }

    @Test
    void profileNamesWhereAStepSpendsItsTime() {
        try (Trainer t = new Trainer(SMALL, Execution.cpu(2, Kernels.STOCK), TRAIN)) {
            Map<String, Long> micros = new StepProfiler(t).profile(5);
            assertTrue(micros.keySet().stream().anyMatch(op -> op.contains("MaxPool")), micros.toString());
            assertTrue(micros.keySet().stream().anyMatch(op -> op.contains("ApplyMomentum")), micros.toString());
            assertTrue(micros.values().stream().mapToLong(Long::longValue).sum() > 0);
        }
    }

    @Test
    void shuffleIsAPermutationThatChangesEachEpoch() {
        int[] idx = java.util.stream.IntStream.range(0, 1000).toArray();
        int[] e0 = EpochOrder.shuffled(idx, 1, 0);
        int[] e1 = EpochOrder.shuffled(idx, 1, 1);
        assertArrayEquals(idx, java.util.Arrays.stream(e0).sorted().toArray());
        assertTrue(!java.util.Arrays.equals(e0, e1) && !java.util.Arrays.equals(e0, idx));
        assertArrayEquals(e0, EpochOrder.shuffled(idx, 1, 0));
    }
}
