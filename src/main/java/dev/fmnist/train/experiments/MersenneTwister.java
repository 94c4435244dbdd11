package dev.fmnist.train.experiments;

/**
 * MT19937 exactly as numpy's legacy {@code RandomState(seed)} runs it for an integer seed: the
 * reference {@code init_genrand} seeding and {@code genrand_int32} output, plus the legacy
 * {@code shuffle} of a 1-d array. scikit-learn's {@code KFold(shuffle=True, random_state=seed)}
 * draws its folds from this generator, so matching it bit for bit gives the same folds.
 */
public final class MersenneTwister {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int index;

    /** numpy's {@code RandomState(seed)}; numpy accepts seeds 0 to 2^32 - 1. */
    public MersenneTwister(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1, not " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32 random bits, as an unsigned value. */
    public long nextUnsignedInt() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
            mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        index = 0;
    }

    /** numpy's legacy bounded draw: uniform in [0, max], by masking and rejecting. */
    long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = nextUnsignedInt() & mask;
        } while (value > max);
        return value;
    }

    /** numpy's legacy {@code RandomState.shuffle} of a 1-d array, in place. */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) interval(i);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
