package dev.fmnist.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Keras' way of making names unique in order of appearance: the first {@code dense}, then
 * {@code dense_1}, {@code dense_2}... (layer names, and the groups of a {@code .keras} archive).
 */
public final class UniqueNames {
    private final Map<String, Integer> used = new HashMap<>();

    /** {@code base} the first time it is asked for, {@code base_N} the N+1-th time. */
    public String next(String base) {
        int n = used.merge(base, 1, Integer::sum) - 1;
        return n == 0 ? base : base + "_" + n;
    }
}
