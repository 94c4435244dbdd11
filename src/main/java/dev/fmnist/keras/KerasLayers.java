package dev.fmnist.keras;

import dev.fmnist.model.Activation;
import dev.fmnist.model.ActivationLayer;
import dev.fmnist.model.AveragePooling2D;
import dev.fmnist.model.BatchNormalization;
import dev.fmnist.model.CallContext;
import dev.fmnist.model.Conv2D;
import dev.fmnist.model.Dense;
import dev.fmnist.model.Dropout;
import dev.fmnist.model.Flatten;
import dev.fmnist.model.GlobalPooling2D;
import dev.fmnist.model.Initializer;
import dev.fmnist.model.Layer;
import dev.fmnist.model.LeakyReLU;
import dev.fmnist.model.MaxPooling2D;
import dev.fmnist.model.Padding;
import dev.fmnist.model.RandomFlip;
import dev.fmnist.model.RandomTranslation;
import dev.fmnist.model.ReLU;
import dev.fmnist.model.Rescaling;
import dev.fmnist.model.Reshape;
import dev.fmnist.model.Softmax;
import dev.fmnist.model.ZeroPadding2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras layer configs (the {@code config} of each layer in a model file) to our layers. Every
 * option that changes what a layer computes is either honoured or refused; options that only
 * matter to training in Keras (regularisers, constraints, initialisers of a trained model) are
 * passed over.
 */
final class KerasLayers {
    private KerasLayers() {}

    /** The layer classes we read, besides InputLayer. */
    static final List<String> SUPPORTED = List.of("Conv2D", "MaxPooling2D", "AveragePooling2D",
            "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Flatten", "Dense", "Dropout", "BatchNormalization",
            "Activation", "ReLU", "LeakyReLU", "Softmax", "Reshape", "Rescaling", "ZeroPadding2D", "RandomFlip",
            "RandomTranslation");

    /** A config we cannot honour; the message completes "its layer NAME (CLASS) ...". */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    /**
     * The layer {@code className} with {@code config}, taking inputs of {@code inputShape} (no batch axis).
     *
     * @param stream the random stream of a Dropout layer, should the model be trained
     */
    static Layer fromConfig(String className, Map<String, Object> config, long[] inputShape, long stream)
            throws Unsupported {
        String name = Json.string(config, "name", className.toLowerCase(Locale.ROOT));
        for (String size : new String[] {"filters", "units"}) {
            if (config.containsKey(size) && Json.number(config, size, 0) < 1) {
                throw new Unsupported("has " + size + " " + Json.text(config.get(size)) + ", not a positive number");
            }
        }
        return switch (className) {
            case "Conv2D", "Convolution2D" -> {
                channelsLast(config);
                int[] dilation = pair(config.getOrDefault("dilation_rate", 1.0), "dilation_rate");
                if (dilation[0] != 1 || dilation[1] != 1) {
                    throw new Unsupported("has dilation_rate " + Json.text(config.get("dilation_rate"))
                            + "; only 1 is supported");
                }
                if (Json.number(config, "groups", 1) != 1) {
                    throw new Unsupported("has groups " + Json.text(config.get("groups")) + "; only 1 is supported");
                }
                yield new Conv2D(name, (int) Json.number(config, "filters", -1),
                        pair(config.get("kernel_size"), "kernel_size"), pair(config.getOrDefault("strides", 1.0), "strides"),
                        padding(config), activation(config), kernelInitializer(config), Json.bool(config, "use_bias", true));
            }
            case "MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D" -> {
                channelsLast(config);
                int[] pool = pair(config.getOrDefault("pool_size", 2.0), "pool_size");
                int[] strides = config.get("strides") == null ? pool : pair(config.get("strides"), "strides");
                yield className.startsWith("Max") ? new MaxPooling2D(name, pool, strides, padding(config))
                        : new AveragePooling2D(name, pool, strides, padding(config));
            }
            case "GlobalAveragePooling2D", "GlobalAvgPool2D", "GlobalMaxPooling2D", "GlobalMaxPool2D" -> {
                channelsLast(config);
                if (Json.bool(config, "keepdims", false)) {
                    throw new Unsupported("keeps its pooled dimensions (keepdims), which is not supported");
                }
                yield new GlobalPooling2D(name, className.startsWith("GlobalA"));
            }
            case "Softmax" -> {
                Object axis = config.getOrDefault("axis", -1.0);
                if (!(axis instanceof Number n) || (n.intValue() != -1 && n.intValue() != inputShape.length)) {
                    throw new Unsupported("takes its softmax over axis " + Json.text(axis) + "; only the last axis is supported");
                }
                yield new Softmax(name);
            }
            case "ZeroPadding2D" -> {
                channelsLast(config);
                yield new ZeroPadding2D(name, fourPads(config.getOrDefault("padding", 1.0)));
            }
            case "LeakyReLU" -> new LeakyReLU(name, Json.number(config, "negative_slope", Json.number(config, "alpha", 0.3)));
            case "Rescaling" -> {
                if (!(config.getOrDefault("scale", 1.0) instanceof Number) || !(config.getOrDefault("offset", 0.0) instanceof Number)) {
                    throw new Unsupported("rescales each channel differently, which is not supported");
                }
                yield new Rescaling(name, Json.number(config, "scale", 1), Json.number(config, "offset", 0));
            }
            case "Flatten" -> {
                if (inputShape.length > 1) {
                    channelsLast(config);
                }
                yield new Flatten(name);
            }
            case "Dense" -> new Dense(name, (int) Json.number(config, "units", -1), activation(config),
                    kernelInitializer(config), Json.bool(config, "use_bias", true));
            case "Dropout" -> new Dropout(name, Json.number(config, "rate", 0), stream);
            case "BatchNormalization" -> {
                Object axis = config.getOrDefault("axis", -1.0);
                if (axis instanceof List<?> l && l.size() == 1) {
                    axis = l.get(0);
                }
                if (!(axis instanceof Number n) || (n.intValue() != -1 && n.intValue() != inputShape.length)) {
                    throw new Unsupported("normalises over axis " + Json.text(axis) + "; only the last axis is supported");
                }
                if (Json.bool(config, "renorm", false)) {
                    throw new Unsupported("uses batch renormalisation, which is not supported");
                }
                yield new BatchNormalization(name, Json.number(config, "momentum", BatchNormalization.MOMENTUM),
                        (float) Json.number(config, "epsilon", BatchNormalization.EPSILON),
                        Json.bool(config, "center", true), Json.bool(config, "scale", true));
            }
            case "Activation" -> new ActivationLayer(name, activation(config));
            case "ReLU" -> {
                if (config.get("max_value") != null || Json.number(config, "negative_slope", 0) != 0
                        || Json.number(config, "threshold", 0) != 0) {
                    throw new Unsupported("has a max_value, negative_slope or threshold; only the plain ReLU is supported");
                }
                yield new ReLU(name);
            }
            case "Reshape" -> {
                List<?> target = Json.list(config, "target_shape");
                long[] shape = new long[target.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = ((Number) target.get(i)).longValue();
                }
                yield new Reshape(name, shape);
            }
            case "RandomFlip" -> {
                if (!"horizontal".equals(config.getOrDefault("mode", "horizontal"))) {
                    throw new Unsupported("flips in mode " + config.get("mode") + "; only horizontal is supported");
                }
                yield new RandomFlip(name, CallContext.AUGMENTATION_STREAMS + stream);
            }
            case "RandomTranslation" -> {
                try {
                    yield new RandomTranslation(name, Json.number(config, "height_factor", 0),
                            Json.number(config, "width_factor", 0), Json.string(config, "fill_mode", "reflect"),
                            Json.string(config, "interpolation", "bilinear"), CallContext.AUGMENTATION_STREAMS + stream);
                } catch (IllegalArgumentException e) {
                    throw new Unsupported("has a " + e.getMessage());
                }
            }
            default -> throw new Unsupported("is not a layer we read (we read InputLayer, "
                    + String.join(", ", SUPPORTED) + ")");
        };
    }

    /**
     * He uniform when the file names it so, else Glorot uniform (Keras' default). It matters only
     * to a model trained from scratch; a model read from a file starts from the file's weights.
     */
    private static Initializer kernelInitializer(Map<String, Object> config) {
        Object init = config.get("kernel_initializer");
        String name = init instanceof String s ? s : Json.object(init) != null ? Json.string(Json.object(init), "class_name", "") : "";
        return name.equals("HeUniform") || name.equals("he_uniform") ? Initializer.HE_UNIFORM : Initializer.GLOROT_UNIFORM;
    }

    private static void channelsLast(Map<String, Object> config) throws Unsupported {
        Object format = config.get("data_format");
        if (format != null && !"channels_last".equals(format)) {
            throw new Unsupported("uses data_format " + format + "; only channels_last is supported");
        }
    }

    private static Padding padding(Map<String, Object> config) throws Unsupported {
        String p = Json.string(config, "padding", "valid");
        try {
            return Padding.parse(p);
        } catch (IllegalArgumentException e) {
            throw new Unsupported("has padding " + p + "; only valid and same are supported");
        }
    }

    private static Activation activation(Map<String, Object> config) throws Unsupported {
        Object a = config.get("activation");
        if (a == null) {
            return Activation.LINEAR;
        }
        if (!(a instanceof String s)) {
            throw new Unsupported("has the activation " + Json.text(a) + ", which is not a built-in one");
        }
        try {
            return Activation.parse(s);
        } catch (IllegalArgumentException e) {
            throw new Unsupported("has the activation " + s + ", which is not one we read ("
                    + java.util.Arrays.stream(Activation.values()).map(Activation::toString)
                            .collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
    }

    /** ZeroPadding2D's padding: n, (rows, cols) or ((top, bottom), (left, right)), as top, bottom, left, right. */
    private static int[] fourPads(Object v) throws Unsupported {
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof List<?> && l.get(1) instanceof List<?>) {
            int[] rows = pair(l.get(0), "padding");
            int[] cols = pair(l.get(1), "padding");
            return new int[] {rows[0], rows[1], cols[0], cols[1]};
        }
        int[] p = pair(v, "padding");
        return new int[] {p[0], p[0], p[1], p[1]};
    }

    /** An int or a pair of ints, as Keras writes kernel sizes and strides. */
    private static int[] pair(Object v, String key) throws Unsupported {
        if (v instanceof Number n) {
            return new int[] {n.intValue(), n.intValue()};
        }
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
            return new int[] {a.intValue(), b.intValue()};
        }
        throw new Unsupported("has " + key + " " + Json.text(v) + ", not one or two numbers");
    }

    /** The layers for which Keras 3 records the input shape they were built for ({@code build_config}). */
    private static final java.util.Set<String> BUILD_CONFIG = java.util.Set.of("Conv2D", "Dense", "Flatten",
            "BatchNormalization");

    /**
     * Keras 3's serialisation of {@code layer}: {@code module}, {@code class_name}, {@code config}
     * (name, trainable and dtype, then the layer's own {@link Layer#getConfig}), {@code registered_name},
     * and {@code build_config} for the layers Keras records it for.
     *
     * @param inputShape the layer's input, without the batch axis
     */
    static Map<String, Object> toConfig(Layer layer, long[] inputShape) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", layer.name());
        c.put("trainable", true);
        c.put("dtype", dtypePolicy());
        c.putAll(layer.getConfig());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("module", "keras.layers");
        entry.put("class_name", layer.typeName());
        entry.put("config", c);
        entry.put("registered_name", null);
        if (BUILD_CONFIG.contains(layer.typeName())) {
            entry.put("build_config", Map.of("input_shape", batchShape(inputShape)));
        }
        return entry;
    }

    /** The first entry of a Sequential's layers: its input. */
    static Map<String, Object> inputLayer(long[] inputShape) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("batch_shape", batchShape(inputShape));
        c.put("dtype", "float32");
        c.put("sparse", false);
        c.put("name", "input_layer");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("module", "keras.layers");
        entry.put("class_name", "InputLayer");
        entry.put("config", c);
        entry.put("registered_name", null);
        return entry;
    }

    /** {@code shape} with Keras' unknown batch axis in front: [null, 28, 28, 1]. */
    static List<Object> batchShape(long[] shape) {
        List<Object> s = new ArrayList<>();
        s.add(null);
        for (long d : shape) {
            s.add(d);
        }
        return s;
    }

    static Map<String, Object> dtypePolicy() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("module", "keras");
        p.put("class_name", "DTypePolicy");
        p.put("config", Map.of("name", "float32"));
        p.put("registered_name", null);
        return p;
    }
}
