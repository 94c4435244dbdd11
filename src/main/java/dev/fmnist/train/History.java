package dev.fmnist.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keras' {@code History}: the logs of every epoch of one {@code fit}. */
public final class History {
    private final List<EpochLogs> epochs = new ArrayList<>();

    void add(EpochLogs logs) {
        epochs.add(logs);
    }

    public List<EpochLogs> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public EpochLogs last() {
        return epochs.get(epochs.size() - 1);
    }

    /** The CSV header of {@link #toCsv}: one row per epoch, Keras' metric names. */
    public static final String CSV_HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,seconds";

    /** One row per epoch (1-based), to load into a spreadsheet or pandas; no validation leaves cells empty. */
    public String toCsv() {
        StringBuilder s = new StringBuilder(CSV_HEADER).append('\n');
        for (int i = 0; i < epochs.size(); i++) {
            EpochLogs e = epochs.get(i);
            s.append(i + 1).append(',').append(e.loss()).append(',').append(e.accuracy()).append(',')
                    .append(e.hasValidation() ? Double.toString(e.valLoss()) : "").append(',')
                    .append(e.hasValidation() ? Double.toString(e.valAccuracy()) : "").append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.3f", e.seconds())).append('\n');
        }
        return s.toString();
    }
}
