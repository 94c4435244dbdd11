package dev.fmnist.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keras' {@code History}: the logs of every epoch of one {@code fit}. */
public final class History {
    private final List<EpochLogs> epochs = new ArrayList<>();

    /** A history of the given epochs, e.g. merged from runs of single folds. */
    public static History of(List<EpochLogs> epochs) {
        History h = new History();
        epochs.forEach(h::add);
        return h;
    }

    void add(EpochLogs logs) {
        epochs.add(logs);
    }

    public List<EpochLogs> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public EpochLogs last() {
        return epochs.get(epochs.size() - 1);
    }

    /** One row per epoch (1-based), to load into a spreadsheet or pandas. */
    public String toCsv() {
        StringBuilder s = new StringBuilder("epoch,").append(EpochLogs.CSV_COLUMNS).append('\n');
        for (int i = 0; i < epochs.size(); i++) {
            s.append(i + 1).append(',').append(epochs.get(i).csvFields()).append('\n');
        }
        return s.toString();
    }
}
