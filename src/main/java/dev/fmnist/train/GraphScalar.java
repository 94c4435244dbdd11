package dev.fmnist.train;

import static dev.fmnist.model.GraphNames.scoped;

import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A float variable in the graph that Java sets now and then, such as the span of a learning-rate schedule. */
final class GraphScalar {
    private final Variable<TFloat32> variable;
    private final Placeholder<TFloat32> input;
    private final Op assign;

    GraphScalar(Ops tf, String name, float initial) {
        variable = scoped(tf, name).variable(tf.withInitScope().constant(initial));
        input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        assign = tf.assign(variable, input);
    }

    Variable<TFloat32> value() {
        return variable;
    }

    void set(Session session, float value) {
        try (TFloat32 t = TFloat32.scalarOf(value);
             Result ignored = session.runner().feed(input, t).addTarget(assign).run()) {
            // The variable now holds the value.
        }
    }
}
