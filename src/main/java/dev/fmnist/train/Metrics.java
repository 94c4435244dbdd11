package dev.fmnist.train;

/**
 * Mean loss and accuracy over a set of examples.
 *
 * @param loss     mean categorical cross-entropy
 * @param accuracy fraction classified correctly
 * @param count    how many examples
 */
public record Metrics(double loss, double accuracy, long count) {
    /** The lab's "Classification Error Rate" in percent: (1 - accuracy) * 100. */
    public double errorRatePercent() {
        return (1 - accuracy) * 100;
    }
}
