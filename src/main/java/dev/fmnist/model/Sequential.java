package dev.fmnist.model;

import dev.fmnist.data.FashionMnist;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code Sequential}: a list of layers applied in order. A model is built once per graph.
 * A model that trains ends in a softmax Dense layer, and its loss is computed from the logits, as
 * Keras does for {@code categorical_crossentropy} after a softmax; a model read from a Keras file
 * may end otherwise, and then only predicts.
 */
public final class Sequential {
    /** The images every model receives: [N, 28, 28, 1], values in [0, 1]. */
    public static final long[] IMAGE_SHAPE = {FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE, 1};

    private final List<Layer> layers;
    /** The softmax Dense layer a model that trains ends in; null for a model that only predicts. */
    private final Dense output;
    private final long[] inputShape;
    private final List<long[]> outputShapes = new ArrayList<>();

    /**
     * @param hidden every layer before the output layer, in order
     * @param output the output layer, whose activation must be softmax
     */
    public Sequential(long[] inputShape, List<Layer> hidden, Dense output) {
        this(output, inputShape, append(hidden, output));
        if (output.activation() != Activation.SOFTMAX) {
            throw new IllegalArgumentException("a model must end in a Dense layer with a softmax activation");
        }
    }

    /**
     * Any chain of layers over images seen as {@code inputShape}: [28, 28, 1], [28, 28] or [784]
     * (the images are reshaped to it first, as a Keras model with that input receives them).
     */
    public Sequential(long[] inputShape, List<Layer> layers) {
        this(null, inputShape, layers);
    }

    private Sequential(Dense output, long[] inputShape, List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        if (java.util.Arrays.stream(inputShape).reduce(1, (a, b) -> a * b)
                != java.util.Arrays.stream(IMAGE_SHAPE).reduce(1, (a, b) -> a * b)) {
            throw new IllegalArgumentException("the model's input " + java.util.Arrays.toString(inputShape)
                    + " does not hold a 28x28 image");
        }
        this.inputShape = inputShape.clone();
        this.layers = List.copyOf(layers);
        this.output = output;
    }

    private static List<Layer> append(List<Layer> hidden, Layer last) {
        List<Layer> all = new ArrayList<>(hidden);
        all.add(last);
        return all;
    }

    /** The shape each image is given before the first layer, without the batch dimension. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The model for {@code config}, with Keras' automatic layer names. */
    public static Sequential of(ModelConfig config) {
        return config.architecture() == Architecture.DEEP ? deep(config) : lab(config);
    }

    private static Sequential lab(ModelConfig config) {
        UniqueNames names = new UniqueNames();
        List<Layer> layers = new ArrayList<>();
        layers.add(new Conv2D(names.next("conv2d"), config.filters(), config.kernelSize(), config.padding(),
                Activation.RELU, Initializer.HE_UNIFORM));
        layers.add(new MaxPooling2D(names.next("max_pooling2d"), ModelConfig.POOL_SIZE));
        if (config.dropout() > 0) {
            layers.add(new Dropout(names.next("dropout"), config.dropout(), layers.size()));
        }
        layers.add(new Flatten(names.next("flatten")));
        layers.add(new Dense(names.next("dense"), config.denseUnits(), Activation.RELU, Initializer.HE_UNIFORM));
        return new Sequential(IMAGE_SHAPE, layers, classifier(names));
    }

    /** The lab's output layer: one softmax unit per class, glorot_uniform as Keras' default. */
    private static Dense classifier(UniqueNames names) {
        return new Dense(names.next("dense"), FashionMnist.NUM_CLASSES, Activation.SOFTMAX, Initializer.GLOROT_UNIFORM);
    }

    /** Random streams of the augmentation layers, apart from those dropout takes (its layer index). */
    public static final long AUGMENTATION_STREAMS = 1000;

    /** Shifts of up to this fraction of the image side, in each direction. */
    public static final double TRANSLATION_FACTOR = 0.1;

    /**
     * The deep architecture: Keras' usual recipe of augmentation layers in front, then blocks of
     * Conv2D without bias, BatchNormalization, ReLU and pooling, a batch-normalised Dense layer and
     * dropout. Shifts are whole pixels (nearest interpolation: bilinear shifts blur the training
     * images, which cost 0.6 points of test accuracy in a 20-epoch trial) and fill with zeros, the
     * images' black background.
     */
    private static Sequential deep(ModelConfig config) {
        UniqueNames names = new UniqueNames();
        List<Layer> layers = new ArrayList<>();
        layers.add(new RandomFlip(names.next("random_flip"), AUGMENTATION_STREAMS));
        layers.add(new RandomTranslation(names.next("random_translation"), TRANSLATION_FACTOR, TRANSLATION_FACTOR,
                "constant", "nearest", AUGMENTATION_STREAMS + 1));
        for (int block = 0; block < config.architecture().blocks(); block++) {
            layers.add(new Conv2D(names.next("conv2d"), config.filters() << block, config.kernelSize(),
                    config.padding(), Activation.LINEAR, Initializer.HE_UNIFORM, false));
            layers.add(new BatchNormalization(names.next("batch_normalization")));
            layers.add(new ReLU(names.next("re_lu")));
            layers.add(new MaxPooling2D(names.next("max_pooling2d"), ModelConfig.POOL_SIZE));
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
        return new Sequential(IMAGE_SHAPE, layers, classifier(names));
    }

    /** Creates every layer's weights in {@code weights}. */
    public Sequential build(WeightStore weights) {
        outputShapes.clear();
        long[] shape = inputShape;
        for (Layer layer : layers) {
            shape = layer.build(shape, weights);
            outputShapes.add(shape);
        }
        return this;
    }

    /**
     * Every weight's name and shape, in the order the layers create them, worked out without a graph.
     * This builds the layers with no weights: build the model again before calling it.
     */
    public java.util.LinkedHashMap<String, long[]> weightShapes() {
        java.util.LinkedHashMap<String, long[]> shapes = new java.util.LinkedHashMap<>();
        long[] shape = inputShape;
        for (Layer layer : layers) {
            shape = layer.build(shape, (name, s, init) -> {
                shapes.put(name, s.asArray());
                return null;
            });
        }
        return shapes;
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * Whether the model was made with a softmax Dense output layer ({@link #Sequential(long[], List, Dense)}),
     * as a model that trains must be.
     */
    public boolean endsInSoftmaxDense() {
        return output != null;
    }

    /** The output layer: a Dense layer with a softmax activation; see {@link #endsInSoftmaxDense}. */
    public Dense output() {
        if (output == null) {
            throw new IllegalStateException("the model does not end in a Dense layer with a softmax activation");
        }
        return output;
    }

    /**
     * {@code images} [N, 28, 28, 1] in the shape the first layer takes. (How the layers then run,
     * training, evaluating or serving, is the business of the fusion pass in {@code ops}.)
     */
    public Operand<TFloat32> input(Ops tf, Operand<TFloat32> images) {
        if (java.util.Arrays.equals(inputShape, IMAGE_SHAPE)) {
            return images;
        }
        return tf.reshape(images, tf.constant(Shapes.withBatch(inputShape)));
    }

    /** The output shape of the built model, without the batch dimension. */
    public long[] outputShape() {
        return outputShapes.get(outputShapes.size() - 1).clone();
    }

    public long paramCount() {
        return layers.stream().mapToLong(Layer::paramCount).sum();
    }

    /** tf.keras 2's summary columns: where each ends, for its default line length of 65. */
    private static final int[] SUMMARY_COLUMNS = {29, 55, 65};

    /**
     * The table tf.keras 2's {@code model.summary()} prints (the lab ran tf.keras 2): columns that
     * end at 29, 55 and 65 characters, a field too long for its column carried on the next line,
     * a blank line after each layer, and the totals with thousands separators. The model must be built.
     */
    public String summary() {
        int width = SUMMARY_COLUMNS[SUMMARY_COLUMNS.length - 1];
        StringBuilder s = new StringBuilder("Model: \"sequential\"\n");
        s.append("_".repeat(width)).append('\n');
        summaryRow(s, "Layer (type)", "Output Shape", "Param #");
        s.append("=".repeat(width)).append('\n');
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            StringBuilder shape = new StringBuilder("(None");
            for (long d : outputShapes.get(i)) {
                shape.append(", ").append(d);
            }
            summaryRow(s, l.name() + " (" + l.typeName() + ")", shape.append(')').toString(),
                    Long.toString(l.paramCount()));
            summaryRow(s, "", "", "");
        }
        s.append("=".repeat(width)).append('\n');
        long frozen = layers.stream().mapToLong(Layer::nonTrainableParamCount).sum();
        s.append(String.format("Total params: %,d%n", paramCount()));
        s.append(String.format("Trainable params: %,d%n", paramCount() - frozen));
        s.append(String.format("Non-trainable params: %,d%n", frozen));
        return s.append("_".repeat(width)).append('\n').toString();
    }

    /** Keras' {@code print_row}: each field cut to its column (leaving two spaces), the rest on the next lines. */
    private static void summaryRow(StringBuilder s, String... fields) {
        String[] left = fields.clone();
        do {
            StringBuilder line = new StringBuilder(" ");
            for (int col = 0; col < left.length; col++) {
                int start = col == 0 ? 0 : SUMMARY_COLUMNS[col - 1];
                int space = col < left.length - 1 ? 2 : 0;
                int cut = Math.min(left[col].length(), SUMMARY_COLUMNS[col] - start - space);
                line.append(left[col], 0, cut).append(" ".repeat(space));
                left[col] = left[col].substring(cut);
                line.append(" ".repeat(Math.max(0, SUMMARY_COLUMNS[col] - line.length())));
            }
            s.append(line).append('\n');
        } while (java.util.Arrays.stream(left).anyMatch(f -> !f.isEmpty()));
    }
}
