package dev.fmnist.model;

import dev.fmnist.data.FashionMnist;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's model: Conv2D(filters, ReLU, he_uniform), MaxPooling2D, [Dropout], Flatten,
 * Dense(dense units, ReLU, he_uniform), Dense(10, softmax).
 */
final class LabStack {
    static final int BLOCKS = 1;

    private LabStack() {}

    static Sequential of(ModelConfig config) {
        UniqueNames names = new UniqueNames();
        List<Layer> layers = new ArrayList<>();
        layers.add(new Conv2D(names.next("conv2d"), config.filters(), config.kernelSize(), config.padding(),
                Activation.RELU, Initializer.HE_UNIFORM));
        layers.add(new MaxPooling2D(names.next("max_pooling2d"), Architecture.POOL_SIZE));
        if (config.dropout() > 0) {
            layers.add(new Dropout(names.next("dropout"), config.dropout(), layers.size()));
        }
        layers.add(new Flatten(names.next("flatten")));
        layers.add(new Dense(names.next("dense"), config.denseUnits(), Activation.RELU, Initializer.HE_UNIFORM));
        return new Sequential(Sequential.IMAGE_SHAPE, layers, classifier(names));
    }

    /** The lab's output layer: one softmax unit per class, glorot_uniform as Keras' default. */
    static Dense classifier(UniqueNames names) {
        return new Dense(names.next("dense"), FashionMnist.NUM_CLASSES, Activation.SOFTMAX, Initializer.GLOROT_UNIFORM);
    }
}
