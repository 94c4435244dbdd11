package dev.fmnist.model;

import dev.fmnist.data.FashionMnist;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
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
    private final Map<String, long[]> weightShapes = new LinkedHashMap<>();

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

    /** Creates every layer's weights in {@code weights}, noting each one's name and shape. */
    public Sequential build(WeightStore weights) {
        outputShapes.clear();
        weightShapes.clear();
        WeightStore noting = new WeightStore() {
            @Override
            public Operand<TFloat32> weight(String name, Shape shape, Initializer init) {
                weightShapes.put(name, shape.asArray());
                return weights.weight(name, shape, init);
            }

            @Override
            public Operand<TFloat32> nonTrainable(String name, Shape shape, Initializer init) {
                weightShapes.put(name, shape.asArray());
                return weights.nonTrainable(name, shape, init);
            }
        };
        long[] shape = inputShape;
        for (Layer layer : layers) {
            shape = layer.build(shape, noting);
            outputShapes.add(shape);
        }
        return this;
    }

    /** Every weight's name and shape, in the order the layers created them; the model must be built. */
    public Map<String, long[]> weightShapes() {
        if (outputShapes.isEmpty()) {
            throw new IllegalStateException("build the model before asking for its weights");
        }
        Map<String, long[]> copy = new LinkedHashMap<>();
        weightShapes.forEach((name, shape) -> copy.put(name, shape.clone()));
        return copy;
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
