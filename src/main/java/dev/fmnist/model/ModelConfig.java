package dev.fmnist.model;

import dev.fmnist.data.FashionMnist;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's description: its architecture and the hyperparameters of its layers, nothing of how
 * it trains (that is {@code train.TrainingConfig}). Immutable; flags map onto the components one
 * to one.
 *
 * @param architecture which layer stack: the lab's one-block model, or the deeper one of {@code best}
 * @param filters      Conv2D filters (of the first block in the deep architecture; each next block doubles them)
 * @param kernelSize   Conv2D kernel is kernelSize x kernelSize
 * @param padding      Conv2D padding
 * @param denseUnits   units of the hidden Dense layer
 * @param dropout      Dropout rate after pooling (and after the hidden Dense layer in the deep
 *                     architecture); 0 means no Dropout layer
 */
public record ModelConfig(Architecture architecture, int filters, int kernelSize, Padding padding, int denseUnits,
                          double dropout) {
    /** The most filters a Conv2D layer of ours may have (in the deep architecture, its last block). */
    public static final int MAX_FILTERS = 4096;
    /** The most units of the hidden Dense layer. */
    public static final int MAX_DENSE_UNITS = 65536;

    public ModelConfig {
        if (architecture == null || padding == null) {
            throw new IllegalArgumentException("architecture and padding must be given");
        }
        List<String> p = new ArrayList<>();
        if (filters < 1 || filters > MAX_FILTERS) {
            p.add("filters must be between 1 and " + MAX_FILTERS + ", not " + filters);
        }
        if (kernelSize < 1 || kernelSize > FashionMnist.IMAGE_SIZE) {
            p.add("kernel size must be between 1 and " + FashionMnist.IMAGE_SIZE + ", not " + kernelSize);
        }
        if (denseUnits < 1 || denseUnits > MAX_DENSE_UNITS) {
            p.add("dense units must be between 1 and " + MAX_DENSE_UNITS + ", not " + denseUnits);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            p.add("dropout must be at least 0 and below 1, not " + dropout);
        }
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", p));
        }
        architecture.check(filters, kernelSize, padding);
    }

    /** A new, unbuilt model of this description, with Keras' automatic layer names. */
    public Sequential newSequential() {
        return architecture.newSequential(this);
    }

    public ModelConfig withArchitecture(Architecture v) {
        return new ModelConfig(v, filters, kernelSize, padding, denseUnits, dropout);
    }

    public ModelConfig withFilters(int v) {
        return new ModelConfig(architecture, v, kernelSize, padding, denseUnits, dropout);
    }

    public ModelConfig withKernelSize(int v) {
        return new ModelConfig(architecture, filters, v, padding, denseUnits, dropout);
    }

    public ModelConfig withPadding(Padding v) {
        return new ModelConfig(architecture, filters, kernelSize, v, denseUnits, dropout);
    }

    public ModelConfig withDenseUnits(int v) {
        return new ModelConfig(architecture, filters, kernelSize, padding, v, dropout);
    }

    public ModelConfig withDropout(double v) {
        return new ModelConfig(architecture, filters, kernelSize, padding, denseUnits, v);
    }
}
