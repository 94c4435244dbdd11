package dev.fmnist.cli;

import dev.fmnist.export.ModelException;
import dev.fmnist.export.SavedModelWeights;
import dev.fmnist.keras.KerasModel;
import dev.fmnist.keras.KerasReader;
import dev.fmnist.predict.Predictor;
import dev.fmnist.util.FmnistException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;

/**
 * {@code predict.jar --model PATH --save-onnx FILE}: any model predict.jar loads (a SavedModel of
 * ours, a Keras .h5 or .keras file) written as ONNX, then exit; nothing is classified.
 */
final class ConvertCommand {
    private ConvertCommand() {}

    static int run(CommandLine line, Path model, List<String> paths, PrintStream out) throws FmnistException {
        if (!paths.isEmpty()) {
            throw new UsageException("--save-onnx converts the model and takes no image files; classify '"
                    + paths.get(0) + "' without it.");
        }
        ModelCopies copies = ModelCopies.from(line);
        String source = "converted from " + model.getFileName();
        if (Predictor.isKerasModel(model)) {
            KerasModel keras = KerasReader.read(model);
            out.println("Read " + model + " (" + keras.savedBy() + " format).");
            copies.write(keras.newSequential(), keras.weightValues(), source, out);
        } else if (Files.isRegularFile(model)) {
            throw new ModelException("The file " + model + " is neither a SavedModel directory nor a Keras .h5 or"
                    + " .keras model.");
        } else {
            SavedModelWeights.Contents saved = SavedModelWeights.readModel(model);
            out.println("Read the SavedModel in " + model + ".");
            copies.write(saved.architecture(), saved.weights(), source, out);
        }
        return ExitCode.OK;
    }
}
