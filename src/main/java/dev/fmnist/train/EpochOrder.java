package dev.fmnist.train;

import java.util.SplittableRandom;

/** The order in which an epoch visits its examples: Keras' {@code shuffle=True}, reproducible. */
final class EpochOrder {
    private EpochOrder() {}

    /** The epoch's order of the examples {@code idx}: a Fisher-Yates shuffle seeded by (seed, epoch). */
    static int[] shuffled(int[] idx, long seed, int epoch) {
        int[] order = idx.clone();
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
