package dev.fmnist.predict;

import dev.fmnist.data.FashionMnist;
import dev.fmnist.export.ModelDirectory;
import dev.fmnist.export.ModelException;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A loaded SavedModel that classifies [N, 28, 28, 1] images. Any SavedModel works whose
 * {@code serving_default} signature takes one float32 input of that shape and gives one [N, 10]
 * output, not only ours.
 */
final class SavedModelPredictor implements Predictor {
    private static final String IMAGES = "[N," + FashionMnist.IMAGE_SIZE + "," + FashionMnist.IMAGE_SIZE + ",1]";
    private static final String PROBABILITIES = "[N," + FashionMnist.NUM_CLASSES + "]";

    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final String input;
    private final String output;
    private final Predictor.TensorNames signature;

    private SavedModelPredictor(SavedModelBundle bundle, SessionFunction function, String input, String output) {
        this.bundle = bundle;
        this.function = function;
        this.input = input;
        this.output = output;
        var def = bundle.metaGraphDef().getSignatureDefOrThrow(Signature.DEFAULT_KEY);
        this.signature = new Predictor.TensorNames(input, def.getInputsOrThrow(input).getName(),
                output, def.getOutputsOrThrow(output).getName());
    }

    /** Loads {@code dir} through its {@code serve} tag and checks its signature. */
    static SavedModelPredictor load(Path dir, boolean recover) throws ModelException {
        if (recover) {
            // A save killed between its two renames leaves the previous model beside the target.
            new ModelDirectory(dir).recover();
        }
        ModelDirectory.requireSavedModel(dir);
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.load(dir.toString(), "serve");
        } catch (RuntimeException e) {
            throw new ModelException("The SavedModel in " + dir + " cannot be loaded: " + firstLine(e) + ".", e);
        }
        try {
            SessionFunction f = bundle.function(Signature.DEFAULT_KEY);
            Signature s = f.signature();
            if (s.getInputs().size() != 1 || s.getOutputs().size() != 1) {
                throw new ModelException("The SavedModel in " + dir + " has " + s.getInputs().size() + " inputs and "
                        + s.getOutputs().size() + " outputs; expected one " + IMAGES + " image input and one " + PROBABILITIES + " output.");
            }
            Map.Entry<String, Signature.TensorDescription> in = s.getInputs().entrySet().iterator().next();
            Map.Entry<String, Signature.TensorDescription> out = s.getOutputs().entrySet().iterator().next();
            if (in.getValue().dataType != DataType.DT_FLOAT || !matches(in.getValue().shape, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE, 1)) {
                throw new ModelException("The SavedModel in " + dir + " takes " + describe(in.getValue())
                        + " as input; expected float32 " + IMAGES + ".");
            }
            if (!matches(out.getValue().shape, FashionMnist.NUM_CLASSES)) {
                throw new ModelException("The SavedModel in " + dir + " gives " + describe(out.getValue())
                        + " as output; expected " + PROBABILITIES + " class probabilities.");
            }
            return new SavedModelPredictor(bundle, f, in.getKey(), out.getKey());
        } catch (ModelException | RuntimeException e) {
            bundle.close();
            if (e instanceof ModelException me) {
                throw me;
            }
            throw new ModelException("The SavedModel in " + dir + " has no usable serving_default signature: "
                    + firstLine(e) + ".", e);
        }
    }

    private static boolean matches(Shape shape, long... tail) {
        if (shape.isUnknown() || shape.numDimensions() != tail.length + 1) {
            return false;
        }
        for (int i = 0; i < tail.length; i++) {
            if (shape.get(i + 1) != tail[i]) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Signature.TensorDescription d) {
        String type = d.dataType == DataType.DT_FLOAT ? "float32" : d.dataType.name().toLowerCase().replace("dt_", "");
        return type + " " + (d.shape.isUnknown() ? "of unknown shape" : d.shape.toString().replace(" ", ""));
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public float[][] predict(float[][] images) {
        try (TFloat32 in = Batches.images(images); Result result = function.call(Map.of(input, in))) {
            return Batches.rows((TFloat32) result.get(output).orElseThrow(), images.length);
        }
    }

    @Override
    public Predictor.TensorNames signature() {
        return signature;
    }

    @Override
    public void close() {
        bundle.close();
    }
}
