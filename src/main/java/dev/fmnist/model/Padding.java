package dev.fmnist.model;

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
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "valid" -> VALID;
            case "same" -> SAME;
            default -> throw new IllegalArgumentException("padding must be valid or same, not " + text);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
