package dev.fmnist.cli;

import dev.fmnist.export.ModelException;
import dev.fmnist.export.SavedModelWeights;
import dev.fmnist.keras.KerasFileException;
import dev.fmnist.keras.KerasModel;
import dev.fmnist.keras.KerasReader;
import dev.fmnist.keras.Tensor;
import dev.fmnist.model.ModelConfig;
import dev.fmnist.model.Sequential;
import dev.fmnist.model.WeightStore;
import dev.fmnist.train.CheckpointStore;
import dev.fmnist.train.Recipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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

    static StartingModel from(CommandLine line, ModelConfig config)
            throws UsageException, KerasFileException, ModelException {
        String file = line.getOptionValue("initial-weights");
        if (file == null) {
            if (fromFile(line)) {
                throw new UsageException("--architecture from-file needs --initial-weights FILE, the Keras model to take it from.");
            }
            if (converting(line)) {
                throw new UsageException("--epochs 0 converts a model without training: it needs --initial-weights FILE.");
            }
            return new StartingModel(() -> config.newSequential(), Map.of(), null);
        }
        if (java.nio.file.Files.isDirectory(Path.of(file))) {
            if (fromFile(line)) {
                throw new UsageException("--architecture from-file reads a Keras .h5 or .keras file; a SavedModel"
                        + " does not record its layers, so give the flags of its architecture instead.");
            }
            return new StartingModel(() -> config.newSequential(), savedModelWeights(Path.of(file), config), null);
        }
        KerasModel keras = KerasReader.read(Path.of(file));
        if (fromFile(line)) {
            if (!converting(line) && !keras.newSequential().endsInSoftmaxDense()) {
                throw new KerasFileException("The model in " + file + " cannot be trained here: it must end in a Dense"
                        + " layer with a softmax activation (it can still be converted, with --epochs 0).");
            }
            return new StartingModel(keras::newSequential, keras.weightValues(), keras);
        }
        return new StartingModel(() -> config.newSequential(), keras.weightsFor(config.newSequential().build(WeightStore.SHAPES_ONLY)), keras);
    }

    /** A SavedModel of ours: its variables, in layer order, under the names of the flags' model. */
    private static Map<String, float[]> savedModelWeights(Path dir, ModelConfig config) throws ModelException {
        List<Tensor> stored = SavedModelWeights.read(dir);
        Map<String, long[]> shapes = config.newSequential().build(WeightStore.SHAPES_ONLY).weightShapes();
        List<String> names = new ArrayList<>(shapes.keySet());
        for (int i = 0; i < Math.max(names.size(), stored.size()); i++) {
            if (i >= names.size() || i >= stored.size()) {
                throw new ModelException("The SavedModel in " + dir + " does not hold the model the flags describe: it has "
                        + stored.size() + " weights, the flags' model " + names.size() + ".");
            }
            if (!Arrays.equals(shapes.get(names.get(i)), stored.get(i).shape())) {
                throw new ModelException("The SavedModel in " + dir + " does not hold the model the flags describe: its"
                        + " weight " + (i + 1) + " has shape " + Arrays.toString(stored.get(i).shape()) + " where the flags' "
                        + names.get(i) + " has " + Arrays.toString(shapes.get(names.get(i))) + ".");
            }
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            weights.put(names.get(i), stored.get(i).values());
        }
        return weights;
    }

    /** The key of the run's checkpoints: train.jar and the recipe, and the file a run starts from. */
    String checkpointKey(Recipe recipe) {
        return weights.isEmpty() ? CheckpointStore.key("train.jar", recipe.key())
                : CheckpointStore.key("train.jar", recipe.key(),
                        "from " + (source == null ? "a SavedModel" : source.file().toAbsolutePath()));
    }
}
