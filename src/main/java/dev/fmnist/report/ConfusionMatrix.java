package dev.fmnist.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Counts of (true class, predicted class) over a test set: rows are the true classes, columns the
 * predictions, so the diagonal holds the correct answers.
 */
public final class ConfusionMatrix {
    private final List<String> names;
    private final int[][] counts;

    public ConfusionMatrix(List<String> names) {
        this.names = List.copyOf(names);
        this.counts = new int[names.size()][names.size()];
    }

    /**
     * The matrix of a classifier's answers: example i's true class is {@code labels[i]}, its
     * prediction the class of the highest of its probabilities (row i of the flat row-major
     * {@code probabilities}, one column per name; the first of equal ones wins).
     */
    public static ConfusionMatrix of(List<String> names, int[] labels, float[] probabilities) {
        int classes = names.size();
        if (probabilities.length != labels.length * classes) {
            throw new IllegalArgumentException(labels.length + " labels need " + labels.length * classes
                    + " probabilities, not " + probabilities.length);
        }
        ConfusionMatrix m = new ConfusionMatrix(names);
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                best = probabilities[i * classes + k] > probabilities[i * classes + best] ? k : best;
            }
            m.add(labels[i], best);
        }
        return m;
    }

    /** Adds one example. */
    public void add(int truth, int predicted) {
        counts[truth][predicted]++;
    }

    public int count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** The fraction of all examples predicted right. */
    public double accuracy() {
        int right = 0;
        int total = 0;
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts[t].length; p++) {
                total += counts[t][p];
                right += t == p ? counts[t][p] : 0;
            }
        }
        return right / (double) total;
    }

    /** The fraction of class {@code k}'s examples predicted as {@code k}; NaN when it has none. */
    public double classAccuracy(int k) {
        int total = 0;
        for (int c : counts[k]) {
            total += c;
        }
        return total == 0 ? Double.NaN : counts[k][k] / (double) total;
    }

    /** Per-class accuracy, then the matrix with class names, as text. */
    public String format() {
        StringBuilder s = new StringBuilder("Per-class accuracy:\n");
        int width = names.stream().mapToInt(String::length).max().orElse(5) + 2;
        for (int k = 0; k < names.size(); k++) {
            s.append(String.format(Locale.ROOT, "  %-" + width + "s %6.2f%%%n", names.get(k), 100 * classAccuracy(k)));
        }
        s.append("Confusion matrix (rows: true class, columns: predicted class):\n");
        s.append(" ".repeat(width + 2));
        for (String n : names) {
            s.append(String.format("%" + width + "s", n));
        }
        s.append('\n');
        for (int t = 0; t < names.size(); t++) {
            s.append(String.format("  %-" + width + "s", names.get(t)));
            for (int p = 0; p < names.size(); p++) {
                s.append(String.format("%" + width + "d", counts[t][p]));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** A heat map with the counts written in the cells, true classes down, predictions across. */
    public BufferedImage heatMap() {
        HeatMapChart chart = new HeatMapChartBuilder().width(1000).height(820).title("Confusion matrix")
                .xAxisTitle("Predicted class").yAxisTitle("True class").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
        chart.getStyler().setValueFontColor(new Color(0xd62728));
        chart.getStyler().setLegendVisible(true);
        // XChart draws the first y category at the bottom; list them reversed so row 0 is on top.
        List<String> rows = new ArrayList<>(names);
        java.util.Collections.reverse(rows);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < names.size(); t++) {
            for (int p = 0; p < names.size(); p++) {
                cells.add(new Number[] {p, names.size() - 1 - t, counts[t][p]});
            }
        }
        chart.addSeries("count", names, rows, cells);
        return BitmapEncoder.getBufferedImage(chart);
    }
}
