package dev.fmnist.train;

/**
 * What Keras' {@code fit} logs at the end of an epoch.
 *
 * @param loss        running mean of the training loss over the epoch's batches
 * @param accuracy    running training accuracy over the epoch
 * @param valLoss     loss on the whole validation set at the end of the epoch (NaN if none)
 * @param valAccuracy accuracy on the whole validation set (NaN if none)
 * @param seconds     wall time of the epoch, validation included
 * @param steps       training steps in the epoch
 */
public record EpochLogs(double loss, double accuracy, double valLoss, double valAccuracy, double seconds, int steps) {
    public boolean hasValidation() {
        return !Double.isNaN(valLoss);
    }

    /** The CSV columns {@link #CSV_COLUMNS} of this epoch; no validation leaves its cells empty. */
    public String csvFields() {
        return loss + "," + accuracy + "," + (hasValidation() ? Double.toString(valLoss) : "") + ","
                + (hasValidation() ? Double.toString(valAccuracy) : "") + ","
                + String.format(java.util.Locale.ROOT, "%.3f", seconds);
    }

    /** Keras' metric names, then the epoch's wall time. */
    public static final String CSV_COLUMNS = "loss,accuracy,val_loss,val_accuracy,seconds";
}
