package dev.fmnist.train.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fmnist.data.Dataset;
import dev.fmnist.ops.Kernels;
import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.Execution;
import dev.fmnist.train.History;
import dev.fmnist.train.Preset;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.Synthetic;
import dev.fmnist.train.Trainer;
import dev.fmnist.train.TrainingListener;
import dev.fmnist.util.Stats;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossValidationTest {
    @Test
    void populationStandardDeviationAsNumpy() {
        // numpy.std([0.8789, 0.8811, 0.8753, 0.8842, 0.8825]) = 0.00308545 (ddof 0; the sample std would be 0.00345)
        double[] v = {0.8789, 0.8811, 0.8753, 0.8842, 0.8825};
        assertEquals(0.88040, Stats.mean(v), 1e-12);
        assertEquals(0.0030854497, Stats.populationStd(v), 1e-9);
        CrossValidation.Result r = new CrossValidation.Result(List.of(
                new CrossValidation.FoldResult(0, History.of(List.of()), v[0]),
                new CrossValidation.FoldResult(1, History.of(List.of()), v[1]),
                new CrossValidation.FoldResult(2, History.of(List.of()), v[2]),
                new CrossValidation.FoldResult(3, History.of(List.of()), v[3]),
                new CrossValidation.FoldResult(4, History.of(List.of()), v[4])));
        assertEquals(0.88040, r.mean(), 1e-12);
        assertEquals(0.0030854497, r.std(), 1e-9);
    }

    @Test
    void historyCsvHasOneRowPerFoldAndEpoch() {
        CrossValidation.Result r = new CrossValidation.Result(List.of(new CrossValidation.FoldResult(3,
                History.of(List.of(new EpochLogs(0.5, 0.8, 0.4, 0.85, 1.5, 10), new EpochLogs(0.3, 0.9, 0.35, 0.88, 1.25, 10))),
                0.87)));
        assertEquals("fold,epoch,loss,accuracy,val_loss,val_accuracy,seconds,test_accuracy\n"
                + "3,1,0.5,0.8,0.4,0.85,1.500,0.87\n3,2,0.3,0.9,0.35,0.88,1.250,0.87\n", r.historyCsv());
    }

    /** Two folds of a small set: each fold's model is trained on its own part and tested on the test set. */
    @Test
    void runsTheSelectedFoldsAndReportsEachOnTheTestSet() throws Exception {
        Dataset train = Synthetic.squares(200, 21);
        Dataset test = Synthetic.squares(60, 22);
        Recipe config = Preset.APP1.recipe().withModel(m -> m.withFilters(4)).withTraining(tc -> tc.withEpochs(1));
        CrossValidation cv = new CrossValidation(config, Execution.cpu(1, dev.fmnist.ops.Kernels.STOCK),
                new KFold(4, 1), train.count());
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        CrossValidation.Result r = cv.run(List.of(2, 0), train, test, k -> {
            seen.add(k);
            return TrainingListener.SILENT;
        }, () -> false);
        assertEquals(List.of(2, 0), seen);
        assertEquals(List.of(2, 0), r.folds().stream().map(CrossValidation.FoldResult::fold).toList());
        for (CrossValidation.FoldResult f : r.folds()) {
            assertEquals(1, f.history().epochs().size());
            assertEquals(5, f.history().last().steps(), "150 of the 200 examples, 3 of 4 parts, in batches of 32");
            // Each fold its own seed: retrained alone with seed + fold, it ends exactly where the run ended.
            try (Trainer t = new Trainer(config.withTraining(tc -> tc.withSeed(config.training().seed() + f.fold())), Execution.cpu(1, Kernels.STOCK), train, test)) {
                KFold.Fold fold = new KFold(4, 1).split(train.count()).get(f.fold());
                t.fit(fold.train(), train, fold.heldOut(), TrainingListener.SILENT, () -> false);
                assertEquals(t.evaluate(test).accuracy(), f.testAccuracy(), 0.0, "fold " + f.fold() + " repeats exactly");
            }
        }
    }
}
