package dev.fmnist.predict;

import dev.fmnist.export.ModelException;
import dev.fmnist.keras.KerasFileException;
import dev.fmnist.keras.KerasReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A loaded model that classifies 28x28 grey images into the ten Fashion-MNIST classes. */
public interface Predictor extends AutoCloseable {
    /**
     * Loads {@code model}: a SavedModel directory, or a Keras model file ({@code .h5} or {@code .keras},
     * recognised by its content). A SavedModel directory that an interrupted save left aside is put
     * back first.
     */
    static Predictor load(Path model) throws ModelException {
        return load(model, true);
    }

    /**
     * Loads {@code model} as it is, changing nothing on disk: for a server that watches a directory
     * another process may be saving into at that moment.
     */
    static Predictor loadAsIs(Path model) throws ModelException {
        return load(model, false);
    }

    /**
     * Whether {@code model} is to be read as a Keras file: its content says so, or its name does and it
     * is no directory (a missing file.keras is a missing Keras file, not a missing SavedModel).
     */
    public static boolean isKerasModel(Path model) {
        String name = model.getFileName() == null ? "" : model.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean kerasName = name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".keras");
        return KerasReader.isKerasFile(model) || (kerasName && !Files.isDirectory(model));
    }

    private static Predictor load(Path model, boolean recover) throws ModelException {
        if (isKerasModel(model)) {
            try {
                return GraphPredictor.of(KerasReader.read(model));
            } catch (KerasFileException e) {
                throw new ModelException(e.getMessage(), e);
            }
        }
        if (Files.isRegularFile(model)) {
            throw new ModelException("The file " + model + " is neither a SavedModel directory nor a Keras .h5 or"
                    + " .keras model.");
        }
        return SavedModelPredictor.load(model, recover);
    }

    /**
     * Class probabilities for {@code images}, each 784 floats in [0, 1], row-major.
     *
     * @return {@code images.length} rows of 10 probabilities
     */
    float[][] predict(float[][] images);

    /** The names a client sees: the signature's input and output keys and the graph tensors behind them. */
    record TensorNames(String input, String inputTensor, String output, String outputTensor) {}

    /** This model's {@code serving_default} signature. */
    TensorNames signature();

    @Override
    void close();
}
