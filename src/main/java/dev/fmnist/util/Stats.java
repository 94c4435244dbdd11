package dev.fmnist.util;

/** The summaries the lab's tables print, as numpy computes them. */
public final class Stats {
    private Stats() {}

    public static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    /** numpy's default {@code std}: the population standard deviation (ddof = 0), as the lab's k-fold summary. */
    public static double populationStd(double[] v) {
        return Math.sqrt(squaredDeviations(v) / v.length);
    }

    /** The sample standard deviation (ddof = 1): the spread of repeats as estimates; 0 for one value. */
    public static double sampleStd(double[] v) {
        return v.length < 2 ? 0 : Math.sqrt(squaredDeviations(v) / (v.length - 1));
    }

    private static double squaredDeviations(double[] v) {
        double m = mean(v);
        double sum = 0;
        for (double x : v) {
            sum += (x - m) * (x - m);
        }
        return sum;
    }
}
