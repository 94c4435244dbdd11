package dev.fmnist.train;

import static dev.fmnist.model.GraphNames.scoped;

import dev.fmnist.model.Initializer;
import dev.fmnist.model.WeightStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Creates each weight as a variable initialised the Keras way, seeded by (seed, weight index).
 * (Our initialisers, not TensorFlow Java Framework's, for the reason the pom gives beside that dependency.)
 */
final class InitialisedWeights implements WeightStore {
    private final Ops tf;
    private final long seed;
    private final Map<String, float[]> initial;
    private final Map<String, Variable<TFloat32>> all = new LinkedHashMap<>();
    private final List<Variable<TFloat32>> trainable = new ArrayList<>();

    /** @param initial values to start from instead of the initialisers', by Keras name (from a model file); may be empty */
    InitialisedWeights(Ops tf, long seed, Map<String, float[]> initial) {
        this.tf = tf;
        this.seed = seed;
        this.initial = initial;
    }

    @Override
    public Operand<TFloat32> weight(String name, Shape shape, Initializer init) {
        Variable<TFloat32> v = nonTrainable(name, shape, init);
        trainable.add(v);
        return v;
    }

    /** Every weight, trainable or not: an initialised variable, saved and exported. */
    @Override
    public Variable<TFloat32> nonTrainable(String name, Shape shape, Initializer init) {
        float[] given = initial.get(name);
        Operand<TFloat32> value = given != null
                ? tf.withInitScope().constant(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(given, true, false))
                : init.initialValue(tf.withInitScope(), shape, seed, all.size());
        Variable<TFloat32> v = scoped(tf, name).variable(value);
        all.put(name, v);
        return v;
    }

    /** Every weight by Keras name, in layer order. */
    Map<String, Variable<TFloat32>> all() {
        return Collections.unmodifiableMap(all);
    }

    /** The current value of every weight, by Keras name, in layer order. */
    Map<String, float[]> values(Session session) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Variable<TFloat32>> e : all.entrySet()) {
            try (Result res = session.runner().fetch(e.getValue()).run()) {
                TFloat32 t = (TFloat32) res.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.asRawTensor().data().asFloats().read(v);
                values.put(e.getKey(), v);
            }
        }
        return values;
    }

    /** The weights gradients reach, in layer order; the others (moving averages) change through layer updates. */
    List<Variable<TFloat32>> trainable() {
        return Collections.unmodifiableList(trainable);
    }
}
