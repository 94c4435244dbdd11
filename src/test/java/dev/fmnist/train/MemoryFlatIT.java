package dev.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fmnist.data.DataLocator;
import dev.fmnist.data.Dataset;
import dev.fmnist.data.FashionMnist;
import dev.fmnist.ops.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.types.TInt32;

/** After warm-up, ten more epochs grow neither the live native objects nor the process's memory. */
class MemoryFlatIT {

    /** The lab's model on stock ops, and an Exercise 9 model (dropout, Dense 512) on our kernels, as real runs train. */
    static Stream<Arguments> runs() {
        return Stream.of(Arguments.of(Preset.APP1.recipe().withTraining(tc -> tc.withEpochs(1)), Kernels.STOCK),
                Arguments.of(Preset.EX9.recipe().withTraining(tc -> tc.withEpochs(1)), Kernels.NATIVE));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void tenEpochsKeepNativeMemoryFlat(Recipe config, Kernels kernels) throws Exception {
        assumeTrue(FashionMnist.isComplete(DataLocator.SYSTEM_DIR), "needs dataset-fashion-mnist");
        FashionMnist.Split data = FashionMnist.load(DataLocator.SYSTEM_DIR);
        Dataset train = data.train().head(5000);
        Dataset test = data.test().head(1000);

        // The counter sees tensors that are not closed, so a leak of one per step would show.
        long before = Pointer.totalCount();
        List<TInt32> open = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            open.add(TInt32.scalarOf(i));
        }
        assertTrue(Pointer.totalCount() >= before + 100, "JavaCPP counts live tensors");
        open.forEach(TInt32::close);

        try (Trainer t = new Trainer(config, Execution.cpu(2, kernels), train, test)) {
            for (int e = 0; e < 2; e++) {
                epoch(t, test); // warm-up: the same work as measured, so the heap settles first
            }
            long count = Pointer.totalCount();
            long rss = residentBytes();
            for (int e = 0; e < 10; e++) {
                epoch(t, test);
            }
            long countGrowth = Pointer.totalCount() - count;
            long rssGrowthMiB = (residentBytes() - rss) >> 20;
            System.out.printf("%s kernels, after 10 epochs: live native objects %+d, resident memory %+d MiB%n", kernels,
                    countGrowth, rssGrowthMiB);
            assertTrue(countGrowth <= 0, "live native objects grew by " + countGrowth);
            assertTrue(rssGrowthMiB < 24, "resident memory grew by " + rssGrowthMiB + " MiB");
        }
    }

    /** An epoch of training, an evaluation, the weights read back, then a collection. */
    private static void epoch(Trainer t, Dataset test) throws Exception {
        t.fit(test, TrainingListener.SILENT);
        t.evaluate(test);
        t.weightValues();
        System.gc();
    }

    /**
     * The process's resident memory after a collection. Exercise 9's weights, read back each epoch,
     * are 13 MB of Java arrays a time; collected every epoch, they reuse the same heap instead of
     * growing it, so what grows here is native.
     */
    private static long residentBytes() {
        System.gc();
        return Pointer.physicalBytes();
    }
}
