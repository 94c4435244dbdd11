package dev.fmnist.train;

import dev.fmnist.data.Dataset;
import java.util.SplittableRandom;

/** Small learnable data sets: class k is a bright 6x6 square at a place of its own, plus noise. */
public final class Synthetic {
    /** A training set and a test set of squares, and a small lab model that learns them in a few epochs. */
    public static final Dataset TRAIN = squares(640, 1);
    public static final Dataset TEST = squares(200, 2);
    public static final Recipe SMALL = Preset.APP1.recipe().withModel(m -> m.withFilters(8))
            .withTraining(tc -> tc.withEpochs(3));

    private Synthetic() {}

    public static Dataset squares(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] images = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            labels[i] = (byte) k;
            int top = 2 + (k / 5) * 12 + r.nextInt(3);
            int left = 1 + (k % 5) * 5 + r.nextInt(2);
            for (int p = 0; p < 784; p++) {
                images[i * 784 + p] = (byte) r.nextInt(40);
            }
            for (int y = top; y < top + 6; y++) {
                for (int x = left; x < Math.min(28, left + 6); x++) {
                    images[i * 784 + y * 28 + x] = (byte) (200 + r.nextInt(56));
                }
            }
        }
        return new Dataset(images, labels, n, 28, 28);
    }
}
