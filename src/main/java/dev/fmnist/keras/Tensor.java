package dev.fmnist.keras;

import java.util.Arrays;

/** A float32 weight as Keras stores it: its shape and its values in row-major order. */
public record Tensor(long[] shape, float[] values) {
    public Tensor {
        if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != values.length) {
            throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(shape) + " needs "
                    + Arrays.stream(shape).reduce(1, (a, b) -> a * b) + " values, not " + values.length);
        }
    }

    /** The shape as Keras prints it: {@code (3, 3, 1, 32)}. */
    public static String describe(long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
