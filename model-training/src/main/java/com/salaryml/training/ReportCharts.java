package com.salaryml.training;

import com.salaryml.artifact.metadata.ModelMetadata;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The review report's charts, drawn with JFreeChart in one style and embedded as PNG. */
final class ReportCharts {

    private ReportCharts() {
    }

    static JFreeChart predictedVsActual(Dataset data, double[] predicted, ModelMetadata meta) {
        var series = new XYSeries("rows", false, true);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        int step = step(data.rows());
        for (int i = 0; i < data.rows(); i += step) {
            series.add(data.target()[i], predicted[i]);
            low = Math.min(low, Math.min(data.target()[i], predicted[i]));
            high = Math.max(high, Math.max(data.target()[i], predicted[i]));
        }
        String unit = " (" + meta.target().unit() + ")";
        JFreeChart chart = ChartFactory.createScatterPlot("Predicted against actual", "actual " + meta.target().name()
                + unit, "predicted " + meta.target().name() + unit, new XYSeriesCollection(series),
                PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = style(chart);
        plot.addAnnotation(new XYLineAnnotation(low, low, high, high, new BasicStroke(1.5f), Color.GRAY));
        return chart;
    }

    static JFreeChart residualsVsPredicted(Dataset data, double[] predicted, ModelMetadata meta) {
        var series = new XYSeries("rows", false, true);
        int step = step(data.rows());
        for (int i = 0; i < data.rows(); i += step) {
            series.add(predicted[i], data.target()[i] - predicted[i]);
        }
        String unit = " (" + meta.target().unit() + ")";
        JFreeChart chart = ChartFactory.createScatterPlot("Residuals against predicted", "predicted "
                + meta.target().name() + unit, "residual" + unit, new XYSeriesCollection(series),
                PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = style(chart);
        var zero = new ValueMarker(0);
        zero.setPaint(Color.GRAY);
        zero.setStroke(new BasicStroke(1.5f));
        plot.addRangeMarker(zero);
        return chart;
    }

    static XYPlot style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.getRenderer().setSeriesPaint(0, new Color(0x0B5CAD));
        return plot;
    }

    static String png(JFreeChart chart) {
        try {
            return Base64.getEncoder().encodeToString(ChartUtils.encodeAsPNG(chart.createBufferedImage(720, 440)));
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a chart in memory cannot fail", e);
        }
    }

    static int step(int rows) {
        return Math.max(1, (rows + ReviewReport.MAX_PLOTTED_POINTS - 1) / ReviewReport.MAX_PLOTTED_POINTS);
    }
}
