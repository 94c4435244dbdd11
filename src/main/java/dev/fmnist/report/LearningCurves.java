package dev.fmnist.report;

import dev.fmnist.train.EpochLogs;
import dev.fmnist.train.History;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lab's learning-curve figure: two panels, "Cross Entropy Loss" above "Classification
 * Accuracy", training in green and validation in red, one line per fold.
 */
public final class LearningCurves {
    private static final int WIDTH = 900;
    private static final int PANEL_HEIGHT = 420;
    private static final Color TRAIN = new Color(0x2ca02c);
    private static final Color VALIDATION = new Color(0xd62728);

    private LearningCurves() {}

    /** The figure for {@code histories}, one per fold; {@code foldNumbers} label them. */
    public static BufferedImage render(List<History> histories, List<Integer> foldNumbers) {
        BufferedImage loss = BitmapEncoder.getBufferedImage(panel("Cross Entropy Loss", "Loss", histories, foldNumbers,
                EpochLogs::loss, EpochLogs::valLoss));
        BufferedImage accuracy = BitmapEncoder.getBufferedImage(panel("Classification Accuracy", "Accuracy",
                histories, foldNumbers, EpochLogs::accuracy, EpochLogs::valAccuracy));
        BufferedImage figure = new BufferedImage(WIDTH, 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = figure.createGraphics();
        g.drawImage(loss, 0, 0, null);
        g.drawImage(accuracy, 0, PANEL_HEIGHT, null);
        g.dispose();
        return figure;
    }

    private static XYChart panel(String title, String yTitle, List<History> histories, List<Integer> folds,
                                 ToDoubleFunction<EpochLogs> train, ToDoubleFunction<EpochLogs> validation) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("Epoch").yAxisTitle(yTitle).build();
        org.knowm.xchart.style.XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridHorizontalLinesVisible(true);
        // Round the ticks as any plot would: a short run's axis otherwise reads 0.524968591858943.
        styler.setYAxisDecimalPattern("0.####");
        styler.setXAxisDecimalPattern("0");
        for (int i = 0; i < histories.size(); i++) {
            List<EpochLogs> epochs = histories.get(i).epochs();
            double[] x = new double[epochs.size()];
            double[] yTrain = new double[epochs.size()];
            double[] yVal = new double[epochs.size()];
            for (int e = 0; e < epochs.size(); e++) {
                x[e] = e + 1;
                yTrain[e] = train.applyAsDouble(epochs.get(e));
                yVal[e] = validation.applyAsDouble(epochs.get(e));
            }
            int fold = folds.get(i);
            style(chart.addSeries("train, fold " + fold, x, yTrain), TRAIN);
            style(chart.addSeries("validation, fold " + fold, x, yVal), VALIDATION);
        }
        return chart;
    }

    private static void style(XYSeries series, Color color) {
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(SeriesMarkers.CIRCLE);
    }
}
