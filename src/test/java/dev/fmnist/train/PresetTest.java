package dev.fmnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fmnist.model.Architecture;
import dev.fmnist.model.ModelConfig;
import dev.fmnist.model.Padding;
import dev.fmnist.train.optimizers.OptimizerKind;
import dev.fmnist.train.optimizers.SGD;
import dev.fmnist.train.optimizers.ScheduleKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The presets hold the lab's values, each model description with its training. */
class PresetTest {
    @Test
    void application1IsTheLabs() {
        assertEquals(new ModelConfig(Architecture.LAB, 32, 3, Padding.VALID, 16, 0.0), Preset.APP1.model());
        assertEquals(new TrainingConfig(5, OptimizerKind.SGD, 0.01, ScheduleKind.CONSTANT, 0.9, 32, 2, 0),
                Preset.APP1.training());
    }

    @Test
    void exercise7IsTheLabsOptimalValues() {
        Recipe c = Preset.parse("ex7").recipe();
        assertEquals(List.of(32, 3, Padding.VALID, 0.0, 512), List.of(c.model().filters(), c.model().kernelSize(),
                c.model().padding(), c.model().dropout(), c.model().denseUnits()));
        assertEquals(List.of(20, 0.001, OptimizerKind.SGD, 0.9, 32), List.of(c.training().epochs(),
                c.training().learningRate(), c.training().optimizer(), c.training().momentum(), c.training().batchSize()));
    }

    @Test
    void exercises9And10AndBest() {
        assertEquals(Preset.APP1.model().withPadding(Padding.SAME).withDropout(0.2).withDenseUnits(512), Preset.EX9.model());
        assertEquals(Preset.APP1.training().withLearningRate(0.001).withEpochs(20), Preset.EX9.training());
        assertEquals(Preset.EX9.model().withFilters(64), Preset.EX10.model());
        assertEquals(Preset.EX9.training(), Preset.EX10.training());
        assertEquals(Architecture.DEEP, Preset.BEST.model().architecture());
        assertEquals(List.of(OptimizerKind.ADAM, ScheduleKind.COSINE, 128, 25), List.of(Preset.BEST.training().optimizer(),
                Preset.BEST.training().schedule(), Preset.BEST.training().batchSize(), Preset.BEST.training().epochs()));
    }

    /**
     * The key that checkpoints and cluster results carry is the text earlier versions wrote, field
     * for field, so that their runs resume: a checkpoint written before the configs were split holds
     * exactly this for the default run with 30 steps an epoch.
     */
    @Test
    void aRunsKeyIsWhatEarlierVersionsWrote() {
        assertEquals("ModelConfig[architecture=lab, filters=32, kernelSize=3, padding=valid, denseUnits=16,"
                + " dropout=0.0, epochs=2, optimizer=sgd, learningRate=0.01, schedule=constant, momentum=0.9,"
                + " batchSize=32, seed=2, stepsPerEpoch=30]",
                Preset.APP1.recipe().withTraining(t -> t.withEpochs(2).withStepsPerEpoch(30)).key());
        assertTrue(Preset.BEST.recipe().key().contains("architecture=deep, filters=32, kernelSize=3, padding=same,"
                + " denseUnits=512, dropout=0.15, epochs=25, optimizer=adam, learningRate=0.002, schedule=cosine"));
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Preset.APP1.training().withMomentum(1.0));
        assertTrue(e.getMessage().startsWith("momentum must"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Preset.APP1.training().withLearningRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Preset.APP1.training().withEpochs(0));
        e = assertThrows(IllegalArgumentException.class, () -> Preset.parse("best-ever"));
        assertEquals("preset must be app1, ex7, ex9, ex10 or best, not best-ever", e.getMessage());
    }

    @Test
    void stepsPerEpochAreEveryBatchOrTheFirstN() {
        assertEquals(1875, Preset.APP1.training().steps(60000));
        assertEquals(1563, Preset.APP1.training().steps(50000), "the last batch is partial");
        assertEquals(300, Preset.APP1.training().withStepsPerEpoch(300).steps(60000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Preset.APP1.training().withStepsPerEpoch(2000).steps(60000));
        assertTrue(e.getMessage().startsWith("steps per epoch must be at most 1875"), e.getMessage());
    }
}
