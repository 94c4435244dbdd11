package dev.fmnist.train.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.ops.Kernels;
import dev.fmnist.train.Execution;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.Synthetic;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingDivergedException;
import dev.fmnist.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTest {
    /** A value whose loss diverges scores NaN and is told; the sweep goes on to the next value. */
    @Test
    void aDivergedRunDoesNotStopTheSweep() throws Exception {
        Recipe small = Synthetic.SMALL.withTraining(tc -> tc.withEpochs(1));
        List<String> told = new ArrayList<>();
        Sweep.Outcome o = Sweep.run(List.of(small.withTraining(tc -> tc.withLearningRate(1e30)), small), 1, 2,
                Execution.cpu(1, Kernels.STOCK), Synthetic.TRAIN, Synthetic.TEST, new Sweep.Observer() {
                    @Override
                    public TrainingListener starting(int index, long seed) {
                        return TrainingListener.SILENT;
                    }

                    @Override
                    public void finished(int index, long seed, double errorPercent) {
                        told.add("finished " + index);
                    }

                    @Override
                    public void diverged(int index, long seed, TrainingDivergedException e) {
                        told.add("diverged " + index);
                    }
                });
        assertEquals(List.of("diverged 0", "finished 1"), told);
        assertTrue(Double.isNaN(o.errors().get(0)[0]));
        // The value that trained is the model a run of its own with the sweep's seed gives, exactly.
        double alone;
        try (Trainer t = new Trainer(small.withTraining(tc -> tc.withSeed(2)), Execution.cpu(1, Kernels.STOCK),
                Synthetic.TRAIN, Synthetic.TEST)) {
            t.fit(Synthetic.TEST, TrainingListener.SILENT);
            alone = t.evaluate(Synthetic.TEST).errorRatePercent();
        }
        assertEquals(alone, o.errors().get(1)[0]);
        assertTrue(alone < 50, "it learned: " + alone + "% error");
        assertEquals(List.of(2L), java.util.Arrays.stream(o.seeds()).boxed().toList());
        assertTrue(o.seconds().get(0)[0] > 0 && o.seconds().get(1)[0] > 0);
    }
}
