package dev.fmnist.cli;

import dev.fmnist.keras.KerasFileException;
import dev.fmnist.keras.KerasModel;
import dev.fmnist.keras.KerasReader;
import dev.fmnist.model.ModelConfig;
import dev.fmnist.model.Sequential;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.cli.CommandLine;

/**
 * What train.jar trains: the architecture (the flags', or with {@code --architecture from-file}
 * the Keras file's) and the weights it starts from (the initialisers', or the file's with
 * {@code --initial-weights}).
 *
 * @param architecture a new unbuilt model each time it is asked (a model is built once per graph)
 * @param weights      the starting weights by Keras name; empty for the initialisers'
 * @param source       the Keras file, or null
 */
record StartingModel(Supplier<Sequential> architecture, Map<String, float[]> weights, KerasModel source) {
    static final String FROM_FILE = "from-file";

    static boolean fromFile(CommandLine line) {
        return FROM_FILE.equalsIgnoreCase(line.getOptionValue("architecture", "").trim());
    }

    /** Whether {@code --epochs 0} asks for a conversion rather than training. */
    static boolean converting(CommandLine line) {
        return "0".equals(line.getOptionValue("epochs", "").trim());
    }

    static StartingModel from(CommandLine line, ModelConfig config) throws UsageException, KerasFileException {
        String file = line.getOptionValue("initial-weights");
        if (file == null) {
            if (fromFile(line)) {
                throw new UsageException("--architecture from-file needs --initial-weights FILE, the Keras model to take it from.");
            }
            if (converting(line)) {
                throw new UsageException("--epochs 0 converts a model without training: it needs --initial-weights FILE.");
            }
            return new StartingModel(() -> Sequential.of(config), Map.of(), null);
        }
        KerasModel keras = KerasReader.read(Path.of(file));
        if (fromFile(line)) {
            if (!converting(line) && !keras.newSequential().endsInSoftmaxDense()) {
                throw new KerasFileException("The model in " + file + " cannot be trained here: it must end in a Dense"
                        + " layer with a softmax activation (it can still be converted, with --epochs 0).");
            }
            return new StartingModel(keras::newSequential, keras.weightValues(), keras);
        }
        return new StartingModel(() -> Sequential.of(config), keras.weightsFor(Sequential.of(config)), keras);
    }

    /** What identifies the run's model beyond its config, for checkpoint keys. */
    String key() {
        return source == null ? "" : "from " + source.file().toAbsolutePath() + (weights.isEmpty() ? "" : " weights");
    }
}
