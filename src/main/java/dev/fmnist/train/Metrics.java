package dev.fmnist.train;

/**
 * Mean loss and accuracy over a set of examples.
 *
 * @param loss     mean categorical cross-entropy
 * @param accuracy fraction classified correctly
 * @param count    how many examples
 */
public record Metrics(double loss, double accuracy, long count) {
    /**
     * The lab's "Classification Error Rate" in percent, from the count of wrong answers: 1,383 of
     * 10,000 is 13.83, where (1 - accuracy) * 100 would be 13.829999999999998.
     */
    public double errorRatePercent() {
        return 100.0 * Math.round((1 - accuracy) * count) / count;
    }
}
