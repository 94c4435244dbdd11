package dev.fmnist.export;

import dev.fmnist.ops.Kernels;
import dev.fmnist.train.Execution;
import dev.fmnist.train.Preset;
import dev.fmnist.train.Recipe;
import dev.fmnist.train.Synthetic;
import dev.fmnist.train.Trainer;
import java.nio.file.Path;
import java.util.Map;

/** Saves a model into args[0] again and again, until killed: the victim of the kill -9 test. */
public final class SaveLoop {
    public static void main(String[] args) throws Exception {
        ModelDirectory dir = new ModelDirectory(Path.of(args[0]));
        Recipe config = Preset.APP1.recipe().withModel(m -> m.withFilters(4).withDenseUnits(8));
        try (Trainer t = new Trainer(config, Execution.cpu(1, Kernels.STOCK), Synthetic.squares(32, 1))) {
            Map<String, float[]> weights = t.weightValues();
            // With the output kernel zero the logits are the output bias, so save i is readable from
            // any prediction: ln(p0 / p1) = bias[0] - bias[1] = i / 100.
            java.util.Arrays.fill(weights.get("dense_1/kernel"), 0f);
            for (long i = 0; ; i++) {
                weights.get("dense_1/bias")[0] = i / 100f;
                dir.checkWritable();
                long t0 = System.nanoTime();
                SavedModelExporter.export(config.model(), weights, dir);
                System.out.println("saved " + i + " in " + (System.nanoTime() - t0) / 1000000 + " ms");
            }
        }
    }
}
