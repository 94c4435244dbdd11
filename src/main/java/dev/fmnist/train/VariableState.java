package dev.fmnist.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.RawTensor;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;

/**
 * Every variable a training step changes, by name (weights, optimizer slots, running sums, the
 * step counter), with the ops that read them all out and put them all back: what a checkpoint holds.
 */
final class VariableState {
    private final Map<String, Variable<?>> variables;
    private final Map<String, Placeholder<?>> inputs = new LinkedHashMap<>();
    private final List<Op> assigns = new ArrayList<>();

    VariableState(Ops tf, Map<String, Variable<?>> variables) {
        this.variables = new LinkedHashMap<>(variables);
        for (Map.Entry<String, Variable<?>> e : this.variables.entrySet()) {
            buildRestore(tf, e.getKey(), e.getValue());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void buildRestore(Ops tf, String name, Variable<?> variable) {
        Placeholder in = tf.placeholder((Class) variable.type(), Placeholder.shape(variable.shape()));
        inputs.put(name, in);
        assigns.add(tf.assign((Variable) variable, in));
    }

    /** The raw value of every variable, by name. */
    Map<String, TrainingState.Value> capture(Session session) {
        Map<String, TrainingState.Value> values = new LinkedHashMap<>();
        for (Map.Entry<String, Variable<?>> e : variables.entrySet()) {
            try (Result r = session.runner().fetch(e.getValue()).run()) {
                RawTensor raw = r.get(0).asRawTensor();
                byte[] bytes = new byte[(int) raw.numBytes()];
                raw.data().read(bytes);
                values.put(e.getKey(), new TrainingState.Value(raw.dataType().getNumber(), raw.shape().asArray(), bytes));
            }
        }
        return values;
    }

    /** Puts every variable back to its value in {@code values}; names, shapes and types must match. */
    void restore(Session session, Map<String, TrainingState.Value> values) {
        if (!values.keySet().equals(variables.keySet())) {
            throw new IllegalArgumentException("the saved state belongs to another model: " + values.keySet());
        }
        var runner = session.runner();
        List<Tensor> tensors = new ArrayList<>();
        try {
            for (Map.Entry<String, TrainingState.Value> e : values.entrySet()) {
                Variable<?> v = variables.get(e.getKey());
                TrainingState.Value value = e.getValue();
                if (!Shape.of(value.shape()).equals(v.shape())) {
                    throw new IllegalArgumentException("the saved " + e.getKey() + " does not fit this model");
                }
                Tensor t = Tensor.of(v.type(), Shape.of(value.shape()), DataBuffers.of(value.bytes(), true, false));
                tensors.add(t);
                if (t.dataType().getNumber() != value.dataType()) {
                    throw new IllegalArgumentException("the saved " + e.getKey() + " has another type than this model's");
                }
                runner.feed(inputs.get(e.getKey()), t);
            }
            assigns.forEach(runner::addTarget);
            try (Result ignored = runner.run()) {
                // The variables now hold the saved values.
            }
        } finally {
            tensors.forEach(Tensor::close);
        }
    }
}
