package dev.fmnist.onnx;

import static dev.fmnist.onnx.OnnxGraph.integer;
import static dev.fmnist.onnx.OnnxGraph.ints;
import static dev.fmnist.onnx.OnnxGraph.real;

import dev.fmnist.model.Activation;
import dev.fmnist.model.ActivationLayer;
import dev.fmnist.model.AveragePooling2D;
import dev.fmnist.model.BatchNormalization;
import dev.fmnist.model.Conv2D;
import dev.fmnist.model.Dense;
import dev.fmnist.model.Dropout;
import dev.fmnist.model.Flatten;
import dev.fmnist.model.GlobalPooling2D;
import dev.fmnist.model.Layer;
import dev.fmnist.model.LeakyReLU;
import dev.fmnist.model.MaxPooling2D;
import dev.fmnist.model.Padding;
import dev.fmnist.model.Pooling2D;
import dev.fmnist.model.RandomFlip;
import dev.fmnist.model.RandomTranslation;
import dev.fmnist.model.ReLU;
import dev.fmnist.model.Rescaling;
import dev.fmnist.model.Reshape;
import dev.fmnist.model.Softmax;
import dev.fmnist.model.ZeroPadding2D;
import dev.fmnist.onnx.OnnxGraph.GraphValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each layer in its inference form as standard ONNX operators, reading what the layer's Keras
 * config records: Conv with explicit pads, MaxPool and AveragePool, Flatten in Keras' order, Gemm,
 * BatchNormalization as the operator, the activations;
 * Dropout and the augmentation layers, which do nothing at inference, add no node.
 */
final class OnnxLayers {
    private OnnxLayers() {}

    /** A weight's shape and values, as the layer created it. */
    record Weight(long[] shape, float[] values) {}

    /** Selu's constants as TensorFlow's Selu op holds them. */
    private static final float SELU_ALPHA = 1.6732632423543772f;
    private static final float SELU_SCALE = 1.0507009873554805f;

    /**
     * Adds {@code layer}, applied to {@code x}, to the graph.
     *
     * @param out     the layer's output shape, as its build gave it
     * @param weights the layer's weights by their own names ({@code kernel}, {@code moving_mean})
     */
    static GraphValue apply(OnnxGraph g, Layer layer, GraphValue x, long[] out, Map<String, Weight> weights)
            throws OnnxException {
        String scope = layer.name();
        if (layer instanceof Dropout || layer instanceof RandomFlip || layer instanceof RandomTranslation) {
            return x;
        }
        if (layer instanceof Conv2D conv) {
            GraphValue in = g.channelsFirst(x, scope);
            Map<String, Object> c = conv.getConfig();
            int[] kernel = pair(c.get("kernel_size"));
            int[] strides = pair(c.get("strides"));
            Weight k = weights.get("kernel");
            List<String> inputs = new ArrayList<>(List.of(in.name(),
                    g.floats(scope + "/kernel", new long[] {k.shape()[3], k.shape()[2], k.shape()[0], k.shape()[1]},
                            filtersFirst(k))));
            if (conv.useBias()) {
                inputs.add(g.floats(scope + "/bias", weights.get("bias").shape(), weights.get("bias").values()));
            }
            String y = g.node(scope, "Conv", inputs, ints("kernel_shape", kernel[0], kernel[1]),
                    ints("strides", strides[0], strides[1]), ints("dilations", 1, 1),
                    ints("pads", pads(conv.padding(), x.shape(), kernel, strides)));
            return activation(g, scope, conv.activation(), new GraphValue(y, out, true));
        }
        if (layer instanceof Dense dense) {
            return activation(g, scope, dense.activation(), dense(g, dense, x, out, weights));
        }
        if (layer instanceof MaxPooling2D || layer instanceof AveragePooling2D) {
            Pooling2D pool = (Pooling2D) layer;
            Map<String, Object> c = pool.getConfig();
            int[] window = pair(c.get("pool_size"));
            int[] strides = pair(c.get("strides"));
            Padding padding = Padding.parse((String) c.get("padding"));
            GraphValue in = g.channelsFirst(x, scope);
            String y = g.node(scope, layer instanceof MaxPooling2D ? "MaxPool" : "AveragePool", List.of(in.name()),
                    ints("kernel_shape", window[0], window[1]), ints("strides", strides[0], strides[1]),
                    ints("pads", pads(padding, x.shape(), window, strides)));
            return new GraphValue(y, out, true);
        }
        if (layer instanceof GlobalPooling2D) {
            GraphValue in = g.channelsFirst(x, scope);
            String pooled = g.node(scope, layer.typeName().startsWith("GlobalAverage") ? "GlobalAveragePool"
                    : "GlobalMaxPool", List.of(in.name()));
            return new GraphValue(g.node(scope, "Flatten", List.of(pooled), integer("axis", 1)), out, false);
        }
        if (layer instanceof Flatten) {
            GraphValue in = g.channelsLast(x, scope);
            return new GraphValue(g.node(scope, "Flatten", List.of(in.name()), integer("axis", 1)), out, false);
        }
        if (layer instanceof Reshape) {
            GraphValue in = g.channelsLast(x, scope);
            long[] shape = new long[out.length + 1]; // 0 keeps the batch axis as it is
            System.arraycopy(out, 0, shape, 1, out.length);
            return new GraphValue(g.node(scope, "Reshape", List.of(in.name(), g.int64s(scope + "/shape", shape))), out, false);
        }
        if (layer instanceof ZeroPadding2D) {
            List<?> p = (List<?>) layer.getConfig().get("padding");
            int[] rows = pair(p.get(0));
            int[] columns = pair(p.get(1));
            GraphValue in = g.channelsFirst(x, scope);
            String pads = g.int64s(scope + "/pads", 0, 0, rows[0], columns[0], 0, 0, rows[1], columns[1]);
            return new GraphValue(g.node(scope, "Pad", List.of(in.name(), pads)), out, true);
        }
        if (layer instanceof BatchNormalization bn) {
            return batchNormalization(g, bn, x, weights);
        }
        if (layer instanceof Rescaling) {
            Map<String, Object> c = layer.getConfig();
            String scaled = g.node(scope, "Mul", List.of(x.name(),
                    g.scalar(scope + "/scale", ((Number) c.get("scale")).floatValue())));
            String shifted = g.node(scope, "Add", List.of(scaled,
                    g.scalar(scope + "/offset", ((Number) c.get("offset")).floatValue())));
            return new GraphValue(shifted, out, x.channelsFirst());
        }
        if (layer instanceof ActivationLayer a) {
            return activation(g, scope, a.activation(), x);
        }
        if (layer instanceof ReLU) {
            return activation(g, scope, Activation.RELU, x);
        }
        if (layer instanceof Softmax) {
            return activation(g, scope, Activation.SOFTMAX, x);
        }
        if (layer instanceof LeakyReLU) {
            float slope = ((Number) layer.getConfig().get("negative_slope")).floatValue();
            return new GraphValue(g.node(scope, "LeakyRelu", List.of(x.name()), real("alpha", slope)), out, x.channelsFirst());
        }
        throw new OnnxException("The layer '" + layer.name() + "' (" + layer.typeName()
                + ") has no ONNX form here, so the model cannot be written as ONNX.");
    }

    /** Keras' Dense as Gemm: x·W + b over a flat input. */
    private static GraphValue dense(OnnxGraph g, Dense dense, GraphValue x, long[] out, Map<String, Weight> weights)
            throws OnnxException {
        String scope = dense.name();
        if (x.rank() != 1) {
            throw new OnnxException("The layer '" + scope + "' (Dense) takes an input of shape "
                    + java.util.Arrays.toString(x.shape()) + ", where it needs a flat one, so the model cannot be"
                    + " written as ONNX.");
        }
        Weight k = weights.get("kernel");
        List<String> inputs = new ArrayList<>(List.of(x.name(), g.floats(scope + "/kernel", k.shape(), k.values())));
        if (dense.useBias()) {
            inputs.add(g.floats(scope + "/bias", weights.get("bias").shape(), weights.get("bias").values()));
        }
        return new GraphValue(g.node(scope, "Gemm", inputs), out, false);
    }

    /**
     * ONNX's BatchNormalization in inference, on the channel axis ONNX expects second: a feature map
     * channels first, a vector as it is; any other rank as Mul and Add over its last axis.
     */
    private static GraphValue batchNormalization(OnnxGraph g, BatchNormalization bn, GraphValue x, Map<String, Weight> weights) {
        String scope = bn.name();
        Map<String, Object> c = bn.getConfig();
        float epsilon = ((Number) c.get("epsilon")).floatValue();
        float[] mean = weights.get("moving_mean").values();
        float[] variance = weights.get("moving_variance").values();
        int channels = mean.length;
        float[] gamma = weights.containsKey("gamma") ? weights.get("gamma").values() : filled(channels, 1f);
        float[] beta = weights.containsKey("beta") ? weights.get("beta").values() : filled(channels, 0f);
        long[] dims = {channels};
        if (x.featureMap() || x.rank() == 1) {
            GraphValue in = x.featureMap() ? g.channelsFirst(x, scope) : x;
            String y = g.node(scope, "BatchNormalization", List.of(in.name(), g.floats(scope + "/gamma", dims, gamma),
                    g.floats(scope + "/beta", dims, beta), g.floats(scope + "/moving_mean", dims, mean),
                    g.floats(scope + "/moving_variance", dims, variance)), real("epsilon", epsilon));
            return new GraphValue(y, x.shape(), in.channelsFirst());
        }
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int i = 0; i < channels; i++) {
            scale[i] = (float) (gamma[i] / Math.sqrt((double) variance[i] + epsilon));
            shift[i] = beta[i] - mean[i] * scale[i];
        }
        GraphValue in = g.channelsLast(x, scope);
        String y = g.node(scope, "Mul", List.of(in.name(), g.floats(scope + "/scale", dims, scale)));
        return new GraphValue(g.node(scope, "Add", List.of(y, g.floats(scope + "/shift", dims, shift))), x.shape(), false);
    }

    /** Keras' activation {@code a} on {@code x}, which keeps its shape and layout. */
    static GraphValue activation(OnnxGraph g, String scope, Activation a, GraphValue x) {
        List<String> in = List.of(x.name());
        String y = switch (a) {
            case LINEAR -> x.name();
            case RELU -> g.node(scope, "Relu", in);
            case SOFTMAX -> g.node(scope, "Softmax", in, integer("axis", OnnxGraph.channelAxis(x)));
            case SIGMOID -> g.node(scope, "Sigmoid", in);
            case TANH -> g.node(scope, "Tanh", in);
            case ELU -> g.node(scope, "Elu", in, real("alpha", 1f));
            case SELU -> g.node(scope, "Selu", in, real("alpha", SELU_ALPHA), real("gamma", SELU_SCALE));
            case SOFTPLUS -> g.node(scope, "Softplus", in);
            case SOFTSIGN -> g.node(scope, "Softsign", in);
            case SWISH -> g.node(scope, "Mul", List.of(x.name(), g.node(scope, "Sigmoid", in)));
            case RELU6 -> g.node(scope, "Clip", List.of(x.name(), g.scalar(scope + "/min", 0f), g.scalar(scope + "/max", 6f)));
            case EXPONENTIAL -> g.node(scope, "Exp", in);
        };
        return new GraphValue(y, x.shape(), x.channelsFirst());
    }

    /** ONNX's pads (top, left, bottom, right) for TensorFlow's padding: same pads the end with any odd one. */
    static long[] pads(Padding padding, long[] in, int[] window, int[] strides) {
        long[] pads = new long[4];
        if (padding == Padding.SAME) {
            for (int axis = 0; axis < 2; axis++) {
                long outLength = (in[axis] + strides[axis] - 1) / strides[axis];
                long total = Math.max((outLength - 1) * strides[axis] + window[axis] - in[axis], 0);
                pads[axis] = total / 2;
                pads[axis + 2] = total - total / 2;
            }
        }
        return pads;
    }

    /** A Keras kernel [height, width, in, out] as ONNX's Conv takes it: [out, in, height, width]. */
    private static float[] filtersFirst(Weight kernel) {
        long[] s = kernel.shape();
        int h = (int) s[0];
        int w = (int) s[1];
        int in = (int) s[2];
        int out = (int) s[3];
        float[] src = kernel.values();
        float[] dst = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        dst[((o * in + i) * h + y) * w + x] = src[((y * w + x) * in + i) * out + o];
                    }
                }
            }
        }
        return dst;
    }

    private static int[] pair(Object list) {
        List<?> l = (List<?>) list;
        return new int[] {((Number) l.get(0)).intValue(), ((Number) l.get(1)).intValue()};
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
