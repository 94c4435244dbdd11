package dev.fmnist.model;

import dev.fmnist.data.FashionMnist;
import dev.fmnist.util.EnumText;

/** Which layer stack a {@link ModelConfig} describes: {@link LabStack} or {@link DeepStack}. */
public enum Architecture {
    /** The lab's model; see {@link LabStack}. */
    LAB(LabStack.BLOCKS) {
        @Override
        Sequential newSequential(ModelConfig config) {
            return LabStack.of(config);
        }
    },
    /** Augmentation, three batch-normalised blocks; see {@link DeepStack}. */
    DEEP(DeepStack.BLOCKS) {
        @Override
        Sequential newSequential(ModelConfig config) {
            return DeepStack.of(config);
        }
    };

    /** The window and strides of every MaxPooling2D layer the stacks build. */
    public static final int POOL_SIZE = 2;

    private final int blocks;

    Architecture(int blocks) {
        this.blocks = blocks;
    }

    abstract Sequential newSequential(ModelConfig config);

    /** How many Conv2D-MaxPooling2D blocks the architecture stacks; each next block doubles the filters. */
    public int blocks() {
        return blocks;
    }

    /** Refuses a kernel size that leaves a block too small a map to pool, and too many filters in the last block. */
    void check(int filters, int kernelSize, Padding padding) {
        long side = FashionMnist.IMAGE_SIZE;
        for (int block = 0; block < blocks; block++) {
            long conv = padding.outputLength(side, kernelSize, 1);
            if (conv < POOL_SIZE) {
                throw new IllegalArgumentException("kernel size must leave a feature map of at least " + POOL_SIZE
                        + "x" + POOL_SIZE + " for pooling in every block with " + padding + " padding, not "
                        + kernelSize);
            }
            side = Padding.VALID.outputLength(conv, POOL_SIZE, POOL_SIZE);
        }
        if ((long) filters << (blocks - 1) > ModelConfig.MAX_FILTERS) {
            throw new IllegalArgumentException("filters must be at most " + (ModelConfig.MAX_FILTERS >> (blocks - 1))
                    + " in the " + this + " architecture, not " + filters);
        }
    }

    public static Architecture parse(String text) {
        return EnumText.parse(Architecture.class, "architecture", text);
    }

    @Override
    public String toString() {
        return EnumText.of(this);
    }
}
