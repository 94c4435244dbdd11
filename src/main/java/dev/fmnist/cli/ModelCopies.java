package dev.fmnist.cli;

import dev.fmnist.keras.KerasFileException;
import dev.fmnist.keras.KerasWriter;
import dev.fmnist.model.Sequential;
import dev.fmnist.onnx.OnnxException;
import dev.fmnist.onnx.OnnxWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;

/**
 * The other formats a model is saved in besides the SavedModel, as {@code --save-keras} and
 * {@code --save-onnx} ask: their files checked before any work, written after it.
 *
 * @param keras a .keras or .h5 file, or null
 * @param onnx  a .onnx file, or null
 */
record ModelCopies(Path keras, Path onnx) {
    static final String KERAS = "save-keras";
    static final String ONNX = "save-onnx";

    static String onnxHelp() {
        return "also write the model as ONNX (FILE.onnx, opset " + OnnxWriter.OPSET + "), for ONNX Runtime, OpenVINO, TensorRT or"
                + " onnxruntime-web: input images [N,28,28,1], output probabilities [N,10]";
    }

    /** The files the flags name, each one's name and directory checked. */
    static ModelCopies from(CommandLine line) throws UsageException {
        Path keras = line.hasOption(KERAS) ? Path.of(line.getOptionValue(KERAS)) : null;
        if (keras != null) {
            String name = keras.toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".keras") && !name.endsWith(".h5")) {
                throw new UsageException("--save-keras writes a Keras 3 archive (FILE.keras) or Keras' legacy"
                        + " HDF5 file (FILE.h5), not " + keras + ".");
            }
            OutputFiles.checkWritable(keras, "--" + KERAS);
        }
        Path onnx = line.hasOption(ONNX) ? Path.of(line.getOptionValue(ONNX)) : null;
        if (onnx != null) {
            if (!onnx.toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
                throw new UsageException("--save-onnx writes an ONNX file, whose name ends in .onnx, not " + onnx + ".");
            }
            OutputFiles.checkWritable(onnx, "--" + ONNX);
        }
        return new ModelCopies(keras, onnx);
    }

    /**
     * Writes the copies of {@code model} with {@code weights}, saying where each went.
     *
     * @param source what the model is, for the ONNX file's description ("trained by train.jar")
     */
    void write(Sequential model, Map<String, float[]> weights, String source, PrintStream out)
            throws KerasFileException, OnnxException {
        if (keras != null) {
            KerasWriter.write(keras, model, weights);
            out.println("Keras model saved to " + keras + ".");
        }
        if (onnx != null) {
            OnnxWriter.write(onnx, model, weights, source);
            out.println("ONNX model saved to " + onnx + ".");
        }
    }
}
