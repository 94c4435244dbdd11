package dev.fmnist.model;

/** A layer that holds no weights: its name, and no parameters to count. */
abstract class WeightlessLayer implements Layer {
    private final String name;

    protected WeightlessLayer(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long paramCount() {
        return 0;
    }
}
