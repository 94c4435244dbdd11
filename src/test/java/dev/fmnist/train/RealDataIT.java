package dev.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.ops.Kernels;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The trainer on real Fashion-MNIST images. */
class RealDataIT {
    static FashionMnist.Split data;

    @BeforeAll
    static void load() throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
        data = FashionMnist.load(DataLocator.SYSTEM_DIR);
    }

    private static List<EpochLogs> run(Recipe config, int threads) throws Exception {
        Dataset train = data.train().head(6000);
        Dataset test = data.test().head(2000);
        try (Trainer t = new Trainer(config, Execution.cpu(threads, Kernels.STOCK), train, test)) {
            return t.fit(test, TrainingListener.SILENT).epochs();
        }
    }

    private static List<Double> metrics(List<EpochLogs> logs) {
        return logs.stream().flatMap(l -> java.util.stream.Stream.of(l.loss(), l.accuracy(), l.valLoss(),
                l.valAccuracy())).toList();
    }

    @Test
    void sameSeedAndThreadsAreBitIdenticalOnRealData() throws Exception {
        Recipe c = Preset.APP1.recipe().withTraining(tc -> tc.withEpochs(2));
        List<Double> first = metrics(run(c, 2));
        assertEquals(first, metrics(run(c, 2)));
        assertTrue(first.get(first.size() - 1) > 0.7, "a 2-epoch run on 6,000 images learns: " + first);
    }

    @Test
    void dropoutModelIsReproducibleToo() throws Exception {
        Recipe c = Preset.EX9.recipe().withTraining(tc -> tc.withEpochs(1)).withModel(m -> m.withDenseUnits(64));
        assertEquals(metrics(run(c, 2)), metrics(run(c, 2)));
    }
}
