package dev.fmnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.History;
import java.util.List;
import org.junit.jupiter.api.Test;

class KfoldCliTest {
    @Test
    void populationStandardDeviationAsNumpy() {
        // numpy.std([0.8789, 0.8811, 0.8753, 0.8842, 0.8825]) = 0.00308545 (ddof 0; the sample std would be 0.00345)
        double[] v = {0.8789, 0.8811, 0.8753, 0.8842, 0.8825};
        assertEquals(0.88040, KfoldCli.mean(v), 1e-12);
        assertEquals(0.0030854497, KfoldCli.populationStd(v), 1e-9);
    }

    @Test
    void historyCsvHasOneRowPerFoldAndEpoch() {
        String csv = KfoldCli.historyCsv(List.of(3), List.of(History.of(List.of(new EpochLogs(0.5, 0.8, 0.4, 0.85, 1.5, 10),
                new EpochLogs(0.3, 0.9, 0.35, 0.88, 1.25, 10)))), new double[] {0.87});
        assertEquals("fold,epoch,loss,accuracy,val_loss,val_accuracy,seconds,test_accuracy\n"
                + "3,1,0.5,0.8,0.4,0.85,1.500,0.87\n3,2,0.3,0.9,0.35,0.88,1.250,0.87\n", csv);
    }
}
