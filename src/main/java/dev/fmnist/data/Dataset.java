package dev.fmnist.data;

/**
 * Images and labels held as bytes, as the IDX files store them: one unsigned byte per pixel,
 * row-major, image after image. Converting to floats is left to the graph, so the Java heap
 * holds 784 bytes per image rather than 3 KiB.
 *
 * @param images pixel bytes, {@code count * rows * cols} of them
 * @param labels class indices 0..9, one per image
 */
public record Dataset(byte[] images, byte[] labels, int count, int rows, int cols) {

    public Dataset {
        if (images.length != (long) count * rows * cols || labels.length != count) {
            throw new IllegalArgumentException("images and labels do not match count " + count);
        }
    }

    public int pixelsPerImage() {
        return rows * cols;
    }

    /** The class index of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Every label, as ints. */
    public int[] labelArray() {
        int[] out = new int[count];
        java.util.Arrays.setAll(out, this::label);
        return out;
    }

    /** The indices of every example, 0 to count - 1. */
    public int[] allIndices() {
        return java.util.stream.IntStream.range(0, count).toArray();
    }

    /** A new data set made of the first {@code n} images; for quick runs and tests. */
    public Dataset head(int n) {
        if (n >= count) {
            return this;
        }
        byte[] im = java.util.Arrays.copyOf(images, n * pixelsPerImage());
        byte[] lb = java.util.Arrays.copyOf(labels, n);
        return new Dataset(im, lb, n, rows, cols);
    }
}
