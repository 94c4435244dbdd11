package dev.fmnist.train.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * scikit-learn's {@code KFold(n_splits, shuffle=True, random_state=seed)}: the indices
 * {@code 0..n-1} shuffled by numpy's legacy {@code RandomState(seed).shuffle}, cut into
 * consecutive chunks (the first {@code n % k} one larger), each chunk held out in turn. Both
 * index arrays of a fold are sorted ascending, as {@code split} yields them.
 */
public final class KFold {

    /** One fold: the examples to train on and the examples held out for validation. */
    public record Fold(int[] train, int[] heldOut) {}

    private final int splits;
    private final long seed;

    public KFold(int splits, long seed) {
        if (splits < 2) {
            throw new IllegalArgumentException("folds must be at least 2, not " + splits);
        }
        this.splits = splits;
        this.seed = seed;
    }

    public int splits() {
        return splits;
    }

    /** Every fold of {@code n} examples, in scikit-learn's order. */
    public List<Fold> split(int n) {
        if (n < splits) {
            throw new IllegalArgumentException("folds must not exceed the " + n + " examples, not " + splits);
        }
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        new MersenneTwister(seed).shuffle(order);
        List<Fold> folds = new ArrayList<>(splits);
        int start = 0;
        for (int k = 0; k < splits; k++) {
            int size = n / splits + (k < n % splits ? 1 : 0);
            int[] heldOut = Arrays.copyOfRange(order, start, start + size);
            Arrays.sort(heldOut);
            boolean[] out = new boolean[n];
            for (int i : heldOut) {
                out[i] = true;
            }
            int[] train = new int[n - size];
            int t = 0;
            for (int i = 0; i < n; i++) {
                if (!out[i]) {
                    train[t++] = i;
                }
            }
            folds.add(new Fold(train, heldOut));
            start += size;
        }
        return folds;
    }
}
