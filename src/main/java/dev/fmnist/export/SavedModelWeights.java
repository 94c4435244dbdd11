package dev.fmnist.export;

import dev.fmnist.keras.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
