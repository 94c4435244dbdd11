package dev.fmnist.model;

/**
 * Keras' {@code MaxPooling2D(pool_size, strides, padding)}; the strides default to the pool size,
 * as in Keras. The window and strides may be rectangular.
 */
public final class MaxPooling2D extends Pooling2D {
    /** A square window of {@code poolSize}, strides equal to it, padding valid: what the lab uses. */
    public MaxPooling2D(String name, int poolSize) {
        this(name, new int[] {poolSize, poolSize}, new int[] {poolSize, poolSize}, Padding.VALID);
    }

    public MaxPooling2D(String name, int[] pool, int[] strides, Padding padding) {
        super(name, pool, strides, padding, "MaxPool");
    }
}
