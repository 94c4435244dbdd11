package dev.fmnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code Activation(name)} layer: a function applied to each value. */
public final class ActivationLayer extends ElementwiseLayer {
    private final Activation activation;

    public ActivationLayer(String name, Activation activation) {
        super(name);
        this.activation = activation;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public Map<String, Object> getConfig() {
        return new LinkedHashMap<>(Map.of("activation", activation.toString()));
    }

    @Override
    public String typeName() {
        return "Activation";
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return activation.apply(tf, x);
    }
}
