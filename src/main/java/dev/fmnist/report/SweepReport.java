package dev.fmnist.report;

import dev.fmnist.util.Stats;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * The results of a sweep (one model per value of one flag, perhaps several seeds each) as the lab's
 * table, a CSV file and a plot of the error against the value.
 *
 * @param flag   the swept flag, e.g. {@code filters}
 * @param values the values, as given
 * @param errors per value, the test error in percent of each repeat
 * @param seconds per value, the training seconds of each repeat
 * @param seeds  the seed of each repeat
 */
public record SweepReport(String flag, List<String> values, List<double[]> errors, List<double[]> seconds, long[] seeds) {

    /** The lab's row titles. */
    private static final Map<String, String> TITLES = Map.ofEntries(Map.entry("filters", "No of filters"),
            Map.entry("kernel-size", "Kernel size"), Map.entry("dense-units", "Dense units"),
            Map.entry("epochs", "No of epochs"), Map.entry("learning-rate", "Learning rate"),
            Map.entry("dropout", "Dropout rate"), Map.entry("padding", "Padding"), Map.entry("batch-size", "Batch size"),
            Map.entry("momentum", "Momentum"), Map.entry("seed", "Seed"), Map.entry("architecture", "Architecture"),
            Map.entry("optimizer", "Optimizer"), Map.entry("lr-schedule", "LR schedule"));

    /** Mean (± sample sd over repeats) of the runs that finished; a run whose loss diverged is NaN. */
    private static String cell(double[] all, String format) {
        double[] v = finite(all);
        if (v.length == 0) {
            return "diverged";
        }
        String mean = String.format(Locale.ROOT, format, Stats.mean(v));
        String cell = v.length > 1 ? mean + " ± " + String.format(Locale.ROOT, format, Stats.sampleStd(v)) : mean;
        return v.length < all.length ? cell + " (" + (all.length - v.length) + " diverged)" : cell;
    }

    private static double[] finite(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    /** The lab's markdown table, with a row of training seconds. */
    public String table() {
        List<String> head = new ArrayList<>(List.of(TITLES.getOrDefault(flag, flag)));
        List<String> err = new ArrayList<>(List.of("Classification Err %"));
        List<String> sec = new ArrayList<>(List.of("Training seconds"));
        for (int i = 0; i < values.size(); i++) {
            head.add(values.get(i));
            err.add(cell(errors.get(i), "%.2f"));
            sec.add(cell(seconds.get(i), "%.1f"));
        }
        int[] width = new int[head.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(head.get(c).length(), Math.max(err.get(c).length(), sec.get(c).length()));
            width[c] = Math.max(width[c], c == 0 ? 20 : 5);
        }
        StringBuilder s = new StringBuilder();
        for (List<String> row : List.of(head, List.<String>of(), err, sec)) {
            s.append('|');
            for (int c = 0; c < width.length; c++) {
                s.append(row.isEmpty() ? "-".repeat(width[c] + 2) : " " + pad(row.get(c), width[c]) + " ").append('|');
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    /** One row per model: flag, value, repeat, seed, error in percent, training seconds. */
    public String csv() {
        StringBuilder s = new StringBuilder("flag,value,repeat,seed,error_percent,seconds\n");
        for (int i = 0; i < values.size(); i++) {
            for (int r = 0; r < errors.get(i).length; r++) {
                s.append(flag).append(',').append(values.get(i)).append(',').append(r).append(',').append(seeds[r])
                        .append(',').append(errors.get(i)[r]).append(',')
                        .append(String.format(Locale.ROOT, "%.3f", seconds.get(i)[r])).append('\n');
            }
        }
        return s.toString();
    }

    /**
     * The error against the swept value, with the repeats' standard deviation as error bars; empty
     * when every run diverged.
     */
    public Optional<BufferedImage> plot() {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500)
                .title("Test error by " + TITLES.getOrDefault(flag, flag).toLowerCase(Locale.ROOT))
                .xAxisTitle(TITLES.getOrDefault(flag, flag)).yAxisTitle("Classification error (%)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        List<String> shown = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        double low = Double.MAX_VALUE;
        for (int i = 0; i < values.size(); i++) {
            double[] e = finite(errors.get(i));
            if (e.length > 0) { // a value whose runs all diverged has no point; the table says so
                shown.add(values.get(i));
                means.add(Stats.mean(e));
                stds.add(Stats.sampleStd(e));
                low = Math.min(low, Stats.mean(e) - Stats.sampleStd(e));
            }
        }
        chart.getStyler().setYAxisMin(low == Double.MAX_VALUE ? 0 : Math.max(0, Math.floor(low - 0.5)));
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        CategorySeries series = chart.addSeries("error", shown, means, stds);
        series.setLineColor(new Color(0xd62728));
        series.setMarkerColor(new Color(0xd62728));
        return Optional.of(BitmapEncoder.getBufferedImage(chart));
    }
}
