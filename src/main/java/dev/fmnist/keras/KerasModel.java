package dev.fmnist.keras;

import dev.fmnist.util.FmnistException;
import dev.fmnist.model.Dense;
import dev.fmnist.model.Layer;
import dev.fmnist.model.Sequential;
import dev.fmnist.model.WeightStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model read from a Keras file: its chain of layers and its weights. A {@link Sequential} is
 * built once per graph, so {@link #newSequential} makes a fresh one each time it is asked.
 */
public final class KerasModel {
    /** One layer of the chain as the file describes it: its Keras class and config. */
    record LayerEntry(String className, Map<String, Object> config) {
        String name() {
            return Json.string(config, "name", className);
        }
    }

    private final Path file;
    private final String savedBy;
    private final long[] inputShape;
    private final List<LayerEntry> layers;
    private final Map<String, Tensor> weights;

    KerasModel(Path file, String savedBy, long[] inputShape, List<LayerEntry> layers, Map<String, Tensor> weights) {
        this.file = file;
        this.savedBy = savedBy;
        this.inputShape = inputShape.clone();
        this.layers = List.copyOf(layers);
        this.weights = Collections.unmodifiableMap(weights);
    }

    public Path file() {
        return file;
    }

    /** The file's format, as it records it: "Keras 3.8.0", or "Keras (version not recorded)". */
    public String savedBy() {
        return savedBy;
    }

    /** The model's input, without the batch axis: [28, 28, 1], [28, 28] or [784]. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The weights, by our names ({@code conv2d_2/kernel}), in layer order. */
    public Map<String, Tensor> weights() {
        return weights;
    }

    /**
     * The unbuilt model a Keras config describes (the text of a .keras archive's config.json, as
     * {@link KerasWriter#configJson} writes it), without weights.
     *
     * @param where the config's source, as messages begin: "The SavedModel in DIR"
     */
    public static Sequential architecture(String configText, String where) throws KerasFileException {
        Map<String, Object> config = Json.parseObject(configText);
        if (config == null) {
            throw new KerasFileException(where + " has a model config that is not a JSON object.");
        }
        KerasConfig.Chain chain = KerasConfig.chain(config, where);
        try {
            return new KerasModel(null, null, chain.inputShape(), chain.layers(), Map.of()).newSequential();
        } catch (RuntimeException e) {
            throw new KerasFileException(where + " records layers that cannot be built (" + e.getMessage() + ").");
        }
    }

    /** A new, unbuilt model with the file's layers. */
    public Sequential newSequential() {
        List<Layer> all = newLayers(inputShape, layers);
        LayerEntry last = layers.get(layers.size() - 1);
        if (last.className().equals("Dense") && "softmax".equals(last.config().get("activation"))) {
            // A classifier as we train them: the softmax Dense layer is its output.
            return new Sequential(inputShape, all.subList(0, all.size() - 1), (Dense) all.get(all.size() - 1));
        }
        return new Sequential(inputShape, all);
    }

    /** The weights as plain arrays, by our names in layer order: what a trainer or an exporter takes. */
    public Map<String, float[]> weightValues() {
        Map<String, float[]> v = new LinkedHashMap<>();
        weights.forEach((name, t) -> v.put(name, t.values()));
        return v;
    }

    /**
     * The file's weights renamed for {@code target}, a built model of the same architecture with
     * other layer names (the flags' model: {@code conv2d} where the file says {@code conv2d_2}).
     *
     * @throws KerasFileException naming the first layer that differs, when the architectures do
     */
    public Map<String, float[]> weightsFor(Sequential target) throws KerasFileException {
        List<Layer> mine = newSequential().layers();
        List<Layer> theirs = target.layers();
        String where = "The model in " + file + " is not the architecture the flags describe: ";
        if (!java.util.Arrays.equals(inputShape, target.inputShape())) {
            throw new KerasFileException(where + "it takes inputs of shape " + Tensor.describe(inputShape)
                    + ", the flags' model " + Tensor.describe(target.inputShape()) + ".");
        }
        for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
            if (i >= mine.size() || i >= theirs.size()) {
                throw new KerasFileException(where + (i >= mine.size()
                        ? "it ends after " + mine.size() + " layers, where the flags' model goes on with " + describe(theirs.get(i))
                        : "its layer " + (i + 1) + ", " + describe(mine.get(i)) + ", is beyond the flags' last layer")
                        + ".", FmnistException.Remedy.ARCHITECTURE);
            }
            String difference = difference(mine.get(i), theirs.get(i));
            if (difference != null) {
                throw new KerasFileException(where + "its layer " + (i + 1) + ", " + describe(mine.get(i)) + ", "
                        + difference + ".", FmnistException.Remedy.ARCHITECTURE);
            }
        }
        // The file's weights are in its layers' order, as the target's names are in theirs.
        List<String> to = new ArrayList<>(target.weightShapes().keySet());
        Map<String, float[]> renamed = new LinkedHashMap<>();
        int i = 0;
        for (Tensor t : weights.values()) {
            renamed.put(to.get(i++), t.values());
        }
        return renamed;
    }

    private static String describe(Layer layer) {
        return layer.name() + " (" + layer.typeName() + ")";
    }

    /** How {@code mine} differs from {@code theirs}, in words; null when only their names and initialisers do. */
    private static String difference(Layer mine, Layer theirs) {
        if (!mine.typeName().equals(theirs.typeName())) {
            return "is where the flags' model has " + describe(theirs);
        }
        Map<String, Object> a = mine.getConfig();
        Map<String, Object> b = theirs.getConfig();
        for (String key : a.keySet()) {
            if (key.endsWith("_initializer")) {
                continue;
            }
            if (!java.util.Objects.equals(Json.text(a.get(key)), Json.text(b.get(key)))) {
                return "has " + key + " " + Json.text(a.get(key)) + " where the flags' " + theirs.name() + " has "
                        + Json.text(b.get(key));
            }
        }
        return null;
    }

    /**
     * Our layers for {@code entries}, each made for the output shape of the one before.
     *
     * @throws IllegalArgumentException a layer that does not fit its input (checked when reading)
     */
    static List<Layer> newLayers(long[] inputShape, List<LayerEntry> entries) {
        List<Layer> out = new ArrayList<>();
        long[] shape = inputShape;
        for (LayerEntry e : entries) {
            Layer layer;
            try {
                layer = KerasLayers.fromConfig(e.className(), e.config(), shape, out.size());
            } catch (KerasLayers.Unsupported u) {
                throw new IllegalStateException("a layer read before is refused now: " + u.getMessage(), u);
            }
            shape = layer.build(shape, WeightStore.SHAPES_ONLY);
            out.add(layer);
        }
        return out;
    }
}
