package dev.fmnist.export;

import dev.fmnist.keras.KerasFileException;
import dev.fmnist.keras.KerasModel;
import dev.fmnist.keras.Tensor;
import dev.fmnist.model.Sequential;
import dev.fmnist.model.WeightStore;
import dev.fmnist.util.FmnistException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/**
 * The weights of a SavedModel we wrote ({@link SavedModelExporter}): its float variables in the
 * order the exporter created them, which is the model's layer order.
 */
public final class SavedModelWeights {
    private SavedModelWeights() {}

    /** A SavedModel of ours as a model: its layers as it recorded them, and its weights by their names. */
    public record Contents(Sequential architecture, Map<String, float[]> weights) {}

    /**
     * The model in {@code dir}, layers and weights, for a conversion. A SavedModel of an earlier
     * version, which did not record its layers, is refused in one sentence.
     */
    public static Contents readModel(Path dir) throws ModelException {
        new ModelDirectory(dir).recover(); // as predict.jar does before it loads a model
        ModelDirectory.requireSavedModel(dir);
        Path layers = dir.resolve(SavedModelExporter.LAYERS_FILE);
        String where = "The SavedModel in " + dir;
        if (!Files.isRegularFile(layers)) {
            throw new ModelException(where + " does not record its layers (an earlier version saved it), so it cannot"
                    + " be converted as it is.", FmnistException.Remedy.LAYERS_UNRECORDED, null);
        }
        Sequential model;
        try {
            model = KerasModel.architecture(Files.readString(layers), where);
        } catch (IOException e) {
            throw new ModelException(where + " cannot be read: " + ModelDirectory.describe(e) + ".", e);
        } catch (KerasFileException e) {
            throw new ModelException(e.getMessage(), e);
        }
        List<Tensor> stored = read(dir);
        Map<String, long[]> shapes = model.build(WeightStore.SHAPES_ONLY).weightShapes();
        if (shapes.size() != stored.size()) {
            throw new ModelException(where + " holds " + stored.size() + " weights where its layers need "
                    + shapes.size() + ", so it is damaged.");
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            Tensor t = stored.get(i++);
            if (!Arrays.equals(e.getValue(), t.shape())) {
                throw new ModelException(where + " holds its weight " + i + " with shape " + Tensor.describe(t.shape())
                        + " where its layers need " + Tensor.describe(e.getValue()) + " for " + e.getKey()
                        + ", so it is damaged.");
            }
            weights.put(e.getKey(), t.values());
        }
        return new Contents(model, weights);
    }

    /** The variables' shapes and values, in the order they were created. */
    public static List<Tensor> read(Path dir) throws ModelException {
        ModelDirectory.requireSavedModel(dir);
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelExporter.TAG)) {
            List<Tensor> weights = new ArrayList<>();
            for (Iterator<GraphOperation> it = bundle.graph().operations(); it.hasNext(); ) {
                GraphOperation op = it.next();
                if (!op.type().equals("VariableV2")) {
                    continue;
                }
                try (Result r = bundle.session().runner().fetch(op.output(0)).run()) {
                    if (!(r.get(0) instanceof TFloat32 t)) {
                        throw new ModelException("The SavedModel in " + dir + " holds a variable that is not float32 ("
                                + op.name() + "), so it is not one of ours.");
                    }
                    float[] v = new float[(int) t.shape().size()];
                    t.asRawTensor().data().asFloats().read(v);
                    weights.add(new Tensor(t.shape().asArray(), v));
                }
            }
            return weights;
        } catch (RuntimeException e) {
            throw new ModelException("The SavedModel in " + dir + " cannot be loaded: "
                    + String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("it is damaged") + ".", e);
        }
    }
}
