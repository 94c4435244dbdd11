package dev.fmnist.model;

/** Shapes as layers see them: without the batch axis. */
final class Shapes {
    private Shapes() {}

    /** Refuses an input that is not a [height, width, channels] feature map, naming the layer. */
    static void requireFeatureMap(String layer, long[] in) {
        if (in.length != 3) {
            throw new IllegalArgumentException(layer + " needs an input of [height, width, channels], not "
                    + java.util.Arrays.toString(in));
        }
    }

    /** {@code shape} with any batch size in front, [-1, ...shape], as tf.reshape takes it. */
    static long[] withBatch(long[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = -1;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }
}
