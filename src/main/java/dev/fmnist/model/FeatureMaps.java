package dev.fmnist.model;

/** The [height, width, channels] inputs of convolution, pooling and padding layers. */
final class FeatureMaps {
    private FeatureMaps() {}

    /** Refuses an input that is not a feature map, naming the layer. */
    static void require(String layer, long[] in) {
        if (in.length != 3) {
            throw new IllegalArgumentException(layer + " needs an input of [height, width, channels], not "
                    + java.util.Arrays.toString(in));
        }
    }
}
