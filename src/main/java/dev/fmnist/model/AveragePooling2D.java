package dev.fmnist.model;

/** Keras' {@code AveragePooling2D(pool_size, strides, padding)}. */
public final class AveragePooling2D extends Pooling2D {
    public AveragePooling2D(String name, int[] pool, int[] strides, Padding padding) {
        super(name, pool, strides, padding, "AvgPool");
    }
}
