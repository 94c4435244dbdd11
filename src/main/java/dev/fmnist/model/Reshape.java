package dev.fmnist.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' {@code Reshape(target_shape)}; one dimension may be -1, inferred from the others. */
public final class Reshape extends WeightlessLayer {
    private final long[] target;
    private long[] outputShape;

    public Reshape(String name, long[] target) {
        super(name);
        this.target = target.clone();
    }

    @Override
    public long[] build(long[] in, WeightStore weights) {
        long size = Arrays.stream(in).reduce(1, (a, b) -> a * b);
        long known = 1;
        int unknown = -1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1 && unknown < 0) {
                unknown = i;
            } else if (target[i] < 1) {
                throw new IllegalArgumentException(name() + "'s target shape " + Arrays.toString(target) + " is not a shape");
            } else {
                known *= target[i];
            }
        }
        outputShape = target.clone();
        if (unknown >= 0) {
            outputShape[unknown] = known == 0 ? 0 : size / known;
        }
        if (Arrays.stream(outputShape).reduce(1, (a, b) -> a * b) != size) {
            throw new IllegalArgumentException(name() + " cannot reshape " + Arrays.toString(in) + " ("
                    + size + " values) to " + Arrays.toString(target));
        }
        return outputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        return new LinkedHashMap<>(Map.of("target_shape", Arrays.stream(target).boxed().toList()));
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, CallContext context) {
        return tf.reshape(x, tf.constant(Shapes.withBatch(outputShape)));
    }
}
