package dev.fmnist.keras;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Keras model config ({@code model_config}, {@code config.json}) as a chain of layers and an
 * input shape: Sequential models in every layout Keras has written, and functional models whose
 * layers each take the previous one's output.
 */
final class KerasConfig {
    private KerasConfig() {}

    /** The inputs a Fashion-MNIST model may take, without the batch axis. */
    static final List<long[]> INPUTS = List.of(new long[] {28, 28, 1}, new long[] {28, 28}, new long[] {784});

    record Chain(long[] inputShape, List<KerasModel.LayerEntry> layers) {}

    /**
     * @param where "The Keras file F", which the refusals continue
     */
    static Chain chain(Map<String, Object> top, String where) throws KerasFileException {
        String className = Json.string(top, "class_name", "");
        Object config = top.get("config");
        List<?> layers;
        boolean functional = false;
        switch (className) {
            case "Sequential" -> layers = config instanceof List<?> l ? l
                    : Json.object(config) != null ? Json.list(Json.object(config), "layers") : List.of();
            case "Functional", "Model" -> {
                functional = true;
                layers = Json.object(config) != null ? Json.list(Json.object(config), "layers") : List.of();
            }
            default -> throw new KerasFileException(where + " holds a " + (className.isEmpty() ? "model of no known class"
                    : className + " model") + "; only Sequential models and functional chains of layers are read.");
        }
        if (layers.isEmpty()) {
            throw new KerasFileException(where + " describes a model without layers.");
        }
        List<KerasModel.LayerEntry> entries = new ArrayList<>();
        for (Object o : layers) {
            Map<String, Object> layer = Json.object(o);
            Map<String, Object> layerConfig = layer == null ? null : Json.object(layer.get("config"));
            if (layerConfig == null || Json.string(layer, "class_name", null) == null) {
                throw new KerasFileException(where + " has a layer entry without a class name and config.");
            }
            if (layer.get("registered_name") instanceof String r && !r.equals(layer.get("class_name"))
                    && !r.startsWith("keras")) {
                throw new KerasFileException(where + " cannot be read: its layer '" + Json.string(layerConfig, "name", "?")
                        + "' is the custom object " + r + ", which only its own Python code can rebuild.");
            }
            // Functional layers carry their name beside the config; the config's own name is the same.
            if (!layerConfig.containsKey("name") && layer.get("name") instanceof String n) {
                layerConfig = new java.util.LinkedHashMap<>(layerConfig);
                layerConfig.put("name", n);
            }
            entries.add(new KerasModel.LayerEntry(Json.string(layer, "class_name", ""), layerConfig));
        }
        if (functional) {
            checkChain(layers, where);
        }
        for (KerasModel.LayerEntry e : entries) {
            checkDtype(e, where);
        }

        long[] shape = null;
        if (entries.get(0).className().equals("InputLayer")) {
            KerasModel.LayerEntry input = entries.remove(0);
            if (Json.bool(input.config(), "sparse", false) || Json.bool(input.config(), "ragged", false)) {
                throw new KerasFileException(where + " takes sparse or ragged inputs, which are not read.");
            }
            shape = batchShape(input.config());
        }
        if (shape == null && !entries.isEmpty()) {
            shape = batchShape(entries.get(0).config());
        }
        if (shape == null && Json.object(config) != null && Json.object(config).get("build_input_shape") instanceof List<?> l) {
            shape = dimensions(l);
        }
        if (shape == null && Json.object(top.get("build_config")) != null
                && Json.object(top.get("build_config")).get("input_shape") instanceof List<?> l) {
            shape = dimensions(l);
        }
        if (shape == null) {
            throw new KerasFileException(where + " does not say what shape of input its model takes.");
        }
        long[] found = shape;
        if (INPUTS.stream().noneMatch(s -> Arrays.equals(s, found))) {
            throw new KerasFileException(where + " holds a model for inputs of shape " + Tensor.describe(shape)
                    + ", not 28x28 grey images ((28, 28, 1), (28, 28) or (784,)).");
        }
        for (KerasModel.LayerEntry e : entries) {
            if (e.className().equals("InputLayer")) {
                throw new KerasFileException(where + " has a second input layer, '" + e.name() + "'.");
            }
        }
        if (entries.isEmpty()) {
            throw new KerasFileException(where + " describes a model with no layer after its input.");
        }
        return new Chain(shape, entries);
    }

    /** {@code batch_shape} (Keras 3) or {@code batch_input_shape} (Keras 2) without the batch axis; null when absent. */
    private static long[] batchShape(Map<String, Object> config) throws KerasFileException {
        for (String key : new String[] {"batch_shape", "batch_input_shape"}) {
            if (config.get(key) instanceof List<?> l) {
                return dimensions(l);
            }
        }
        return null;
    }

    private static long[] dimensions(List<?> batchShape) {
        long[] d = new long[Math.max(0, batchShape.size() - 1)];
        for (int i = 0; i < d.length; i++) {
            d[i] = batchShape.get(i + 1) instanceof Number n ? n.longValue() : -1;
        }
        return d;
    }

    private static void checkDtype(KerasModel.LayerEntry e, String where) throws KerasFileException {
        Object dtype = e.config().get("dtype");
        String name = dtype instanceof String s ? s
                : Json.object(dtype) != null && Json.object(Json.object(dtype).get("config")) != null
                ? Json.string(Json.object(Json.object(dtype).get("config")), "name", null) : null;
        if (name != null && !name.equals("float32")) {
            throw new KerasFileException(where + " cannot be read: its layer '" + e.name() + "' (" + e.className()
                    + ") computes in " + name + "; only float32 models are read.");
        }
    }

    /** Each functional layer must take exactly the previous layer's output. */
    private static void checkChain(List<?> layers, String where) throws KerasFileException {
        String previous = null;
        for (Object o : layers) {
            Map<String, Object> layer = Json.object(o);
            String name = Json.string(layer, "name", Json.string(Json.object(layer.get("config")), "name", "?"));
            List<String> inputs = inboundLayers(layer.get("inbound_nodes"));
            boolean ok = previous == null ? inputs.isEmpty() : inputs.equals(List.of(previous));
            if (!ok) {
                throw new KerasFileException(where + " holds a functional model that is not one chain of layers: its layer '"
                        + name + "' takes " + (inputs.isEmpty() ? "no input" : String.join(" and ", inputs))
                        + (previous == null ? "" : " rather than the output of '" + previous + "'") + ".");
            }
            previous = name;
        }
    }

    /** The layers whose outputs feed a functional layer, in Keras 2's and Keras 3's notations. */
    private static List<String> inboundLayers(Object nodes) {
        List<String> names = new ArrayList<>();
        if (!(nodes instanceof List<?> all)) {
            return names;
        }
        if (all.size() > 1) {
            names.add("several calls");
            return names;
        }
        for (Object node : all) {
            if (node instanceof List<?> k2) {
                // Keras 2: [[name, node index, tensor index, kwargs], ...]
                for (Object t : k2) {
                    if (t instanceof List<?> ref && !ref.isEmpty() && ref.get(0) instanceof String s) {
                        names.add(s);
                    }
                }
            } else if (Json.object(node) != null) {
                // Keras 3: {"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": [name, 0, 0]}}], ...}
                collectHistories(Json.object(node).get("args"), names);
            }
        }
        return names;
    }

    private static void collectHistories(Object value, List<String> names) {
        if (value instanceof List<?> l) {
            for (Object o : l) {
                collectHistories(o, names);
            }
        } else if (Json.object(value) != null) {
            Map<String, Object> m = Json.object(value);
            Map<String, Object> c = Json.object(m.get("config"));
            if ("__keras_tensor__".equals(m.get("class_name")) && c != null
                    && c.get("keras_history") instanceof List<?> h && !h.isEmpty() && h.get(0) instanceof String s) {
                names.add(s);
            }
        }
    }
}
