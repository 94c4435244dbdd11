package dev.fmnist.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Where layers get their weights when they are built. The training graph's store creates
 * initialised variables; the serving graph's store creates variables that receive trained values.
 * Either way a layer only names the weight, gives its shape and says how Keras would initialise it.
 */
public interface WeightStore {
    /** Builds layers for their shapes alone: no weight is made ({@link Sequential#summary}, weight names). */
    WeightStore SHAPES_ONLY = (name, shape, init) -> null;

    /**
     * The weight {@code name} (e.g. {@code conv2d/kernel}) of {@code shape}.
     *
     * @param init how the weight starts when the store initialises it
     */
    Operand<TFloat32> weight(String name, Shape shape, Initializer init);

    /**
     * A non-trainable weight such as BatchNormalization's moving mean: saved and exported with the
     * trainable ones, but no gradient reaches it; a layer changes it in training through
     * {@link CallContext#update}. A store that trains must return a {@link org.tensorflow.op.core.Variable}.
     */
    default Operand<TFloat32> nonTrainable(String name, Shape shape, Initializer init) {
        return weight(name, shape, init);
    }
}
