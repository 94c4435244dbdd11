package dev.fmnist.keras;

import dev.fmnist.model.Layer;
import dev.fmnist.model.Sequential;
import dev.fmnist.model.WeightStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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

    /** What wrote the file, as it says: "Keras 3.8.0", or "Keras (version not recorded)". */
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

    /** A new, unbuilt model with the file's layers. */
    public Sequential newSequential() {
        return new Sequential(inputShape, newLayers(inputShape, layers));
    }

    /**
     * Our layers for {@code entries}, each made for the output shape of the one before.
     *
     * @throws IllegalArgumentException a layer that does not fit its input (checked when reading)
     */
    static List<Layer> newLayers(long[] inputShape, List<LayerEntry> entries) {
        List<Layer> out = new ArrayList<>();
        long[] shape = inputShape;
        WeightStore shapesOnly = (name, s, init) -> null;
        for (LayerEntry e : entries) {
            Layer layer;
            try {
                layer = KerasLayers.fromConfig(e.className(), e.config(), shape, out.size());
            } catch (KerasLayers.Unsupported u) {
                throw new IllegalStateException("a layer read before is refused now: " + u.getMessage(), u);
            }
            shape = layer.build(shape, shapesOnly);
            out.add(layer);
        }
        return out;
    }
}
