package dev.fmnist.train.callbacks;

import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.History;
import dev.fmnist.train.TrainingListener;
import dev.fmnist.util.PythonFormat;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints what Keras' {@code fit} prints for {@code verbose} 0, 1 and 2.
 *
 * <pre>
 * Epoch 1/5
 * 1875/1875 - 8s - loss: 0.4450 - accuracy: 0.8394 - val_loss: 0.3511 - val_accuracy: 0.8784 - 8s/epoch - 4ms/step
 * </pre>
 *
 * With verbose 1 a live progress bar is redrawn on a terminal; elsewhere only the finished bar
 * line is printed, as Keras does when its output is not interactive.
 */
public final class KerasProgress implements TrainingListener {
    private static final int BAR_WIDTH = 30;

    private final int verbose;
    private final boolean live;
    private final PrintStream out;
    private long epochStart;
    private int previousWidth;

    /**
     * @param verbose 0 silent, 1 progress bar, 2 one line per epoch
     * @param live    redraw the bar in place (stdout is a terminal)
     */
    public KerasProgress(int verbose, boolean live, PrintStream out) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2");
        }
        this.verbose = verbose;
        this.live = live;
        this.out = out;
    }

    /** Prints a finished fit's epochs again, as they were printed when it ran (a merge of array tasks). */
    public void replay(History history) {
        List<EpochLogs> epochs = history.epochs();
        for (int e = 0; e < epochs.size(); e++) {
            onEpochBegin(e, epochs.size(), epochs.get(e).steps());
            onEpochEnd(e, epochs.size(), epochs.get(e));
        }
    }

    @Override
    public void onEpochBegin(int epoch, int epochs, int steps) {
        epochStart = System.nanoTime();
        previousWidth = 0;
        if (verbose > 0 && epochs > 1) { // Keras prints no header for a one-epoch fit
            out.printf("Epoch %d/%d%n", epoch + 1, epochs);
            out.flush();
        }
    }

    @Override
    public void onProgress(int step, int steps, double loss, double accuracy) {
        if (verbose != 1 || !live || step >= steps) {
            return;
        }
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        double eta = elapsed / step * (steps - step);
        String line = bar(step, steps) + " - ETA: " + eta(eta) + metric("loss", loss) + metric("accuracy", accuracy);
        int pad = Math.max(0, previousWidth - line.length());
        previousWidth = line.length();
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, int epochs, EpochLogs logs) {
        if (verbose == 0) {
            return;
        }
        String values = metric("loss", logs.loss()) + metric("accuracy", logs.accuracy());
        if (logs.hasValidation()) {
            values += metric("val_loss", logs.valLoss()) + metric("val_accuracy", logs.valAccuracy());
        }
        String line;
        if (verbose == 2) {
            line = count(logs.steps(), logs.steps()) + " - " + seconds(logs.seconds()) + values
                    + " -" + rate(logs.seconds(), "epoch") + " -" + rate(logs.seconds() / logs.steps(), "step");
        } else {
            line = bar(logs.steps(), logs.steps()) + " - " + seconds(logs.seconds())
                    + rate(logs.seconds() / logs.steps(), "step") + values;
        }
        int pad = live ? Math.max(0, previousWidth - line.length()) : 0;
        out.print((live && verbose == 1 ? "\r" : "") + line + " ".repeat(pad) + System.lineSeparator());
        out.flush();
    }

    static String count(int step, int steps) {
        int digits = Integer.toString(steps).length();
        return String.format("%" + digits + "d/%d", step, steps);
    }

    static String bar(int step, int steps) {
        int width = (int) (BAR_WIDTH * (double) step / steps);
        StringBuilder b = new StringBuilder(count(step, steps)).append(" [");
        if (width > 0) {
            b.append("=".repeat(width - 1)).append(step < steps ? '>' : '=');
        }
        return b.append(".".repeat(BAR_WIDTH - width)).append(']').toString();
    }

    /** Keras prints a metric with four decimals, or in scientific notation when it is tiny; as Python rounds. */
    static String metric(String name, double value) {
        return " - " + name + ": " + (Math.abs(value) > 1e-3 ? PythonFormat.fixed(value, 4)
                : PythonFormat.scientific(value, 4));
    }

    static String seconds(double s) {
        return PythonFormat.fixed(s, 0) + "s";
    }

    /** Keras' {@code _format_time}: whole seconds, else milliseconds, else microseconds per unit. */
    static String rate(double secondsPerUnit, String unit) {
        if (secondsPerUnit >= 1 || secondsPerUnit == 0) {
            return " " + PythonFormat.fixed(secondsPerUnit, 0) + "s/" + unit;
        }
        if (secondsPerUnit >= 1e-3) {
            return " " + PythonFormat.fixed(secondsPerUnit * 1e3, 0) + "ms/" + unit;
        }
        return " " + PythonFormat.fixed(secondsPerUnit * 1e6, 0) + "us/" + unit;
    }

    static String eta(double s) {
        long t = Math.round(s);
        if (t > 3600) {
            return String.format("%d:%02d:%02d", t / 3600, (t % 3600) / 60, t % 60);
        }
        if (t > 60) {
            return String.format("%d:%02d", t / 60, t % 60);
        }
        return t + "s";
    }
}
