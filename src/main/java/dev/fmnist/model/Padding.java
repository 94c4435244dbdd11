package dev.fmnist.model;

import dev.fmnist.util.EnumText;

/** Keras' {@code padding} argument of convolution and pooling layers. */
public enum Padding {
    VALID, SAME;

    /** The spelling TensorFlow's ops and Keras' arguments use. */
    public String tfName() {
        return name();
    }

    /** The output length of a window of {@code size} sliding with {@code stride} over {@code length}. */
    public long outputLength(long length, int size, int stride) {
        return this == SAME ? (length + stride - 1) / stride : (length - size) / stride + 1;
    }

    public static Padding parse(String text) {
        return EnumText.parse(Padding.class, "padding", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
