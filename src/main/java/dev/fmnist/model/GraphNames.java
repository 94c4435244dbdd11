package dev.fmnist.model;

import org.tensorflow.op.Ops;

/** Naming of graph ops by Keras-style paths such as {@code dense_1/kernel}. */
public final class GraphNames {
    private GraphNames() {}

    /** Ops that name the next op {@code a/b/c}: TensorFlow Java takes slashes only as sub-scopes. */
    public static Ops scoped(Ops tf, String path) {
        String[] parts = path.split("/");
        Ops scope = tf;
        for (int i = 0; i < parts.length - 1; i++) {
            scope = scope.withSubScope(parts[i]);
        }
        return scope.withName(parts[parts.length - 1]);
    }
}
