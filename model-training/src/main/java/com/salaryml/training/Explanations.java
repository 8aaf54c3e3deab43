package com.salaryml.training;

import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Predictions;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * What drives a model's predictions, for the review report: each feature's importance, the mean absolute
 * contribution over the training rows (for a tree ensemble its mean |SHAP value|, from the same TreeSHAP the
 * server explains predictions with), and for a tree ensemble a partial-dependence plot per feature: the mean
 * prediction over the training rows with that one feature set to each value in turn (a category's bars, one per
 * level). A linear model's partial
 * dependence is the straight line its coefficient draws, so it is not plotted.
 */
final class Explanations {

    /** Importance and partial dependence average over at most this many rows, evenly spaced through the data. */
    static final int MAX_ROWS = 1000;

    /** The values of a feature a partial-dependence curve is computed at, evenly spaced over its training range. */
    static final int GRID_POINTS = 60;

    /** One feature's importance. */
    record Importance(String feature, double meanAbsoluteContribution) {
    }

    private Explanations() {
    }

    static void render(StringBuilder html, Model model, Dataset data) {
        int[] rows = sample(data.rows());
        double[][] columns = columns(data, rows);
        List<Importance> importance = importance(model, columns);
        double total = importance.stream().mapToDouble(Importance::meanAbsoluteContribution).sum();
        boolean trees = model.metadata().kind().equals(ModelKind.TREE_ENSEMBLE);
        boolean log = model.metadata().target().transform() == com.salaryml.artifact.schema.Target.Transform.LOG;
        html.append("<h2>What drives the predictions</h2>\n<p>Feature importance: how far, on average over ")
                .append(rows.length == data.rows() ? "the training rows" : String.format(Locale.US, "%,d", rows.length)
                        + " training rows evenly spaced through the data")
                .append(", each feature moves a prediction away from the baseline (")
                .append(ReviewReport.esc(log ? String.format(Locale.ROOT, "%.4f, the log of %s",
                        model.baseline(), ReviewReport.money(model.metadata(), Math.exp(model.baseline())))
                        : ReviewReport.money(model.metadata(), model.baseline()))).append("). ")
                .append(log ? "The model is fitted on the log of " + ReviewReport.esc(model.metadata().target().name())
                        + ", so the contributions add up on the log scale, and each is shown with the factor it"
                        + " multiplies the estimate by. " : "")
                .append(trees ? "These are mean absolute SHAP values, computed exactly by TreeSHAP, the"
                        + " contributions the web app shows with each prediction."
                        : "For a linear model a contribution is coefficient × (value − training mean), summed over a"
                        + " category's level columns.")
                .append("</p>\n<table>\n<tr><th>feature</th><th>mean |contribution|</th><th>share</th></tr>\n");
        for (Importance one : importance) {
            html.append("<tr><td>").append(ReviewReport.esc(one.feature())).append("</td><td>")
                    .append(ReviewReport.esc(log ? String.format(Locale.ROOT, "%.4f (×/÷ %.4f)",
                            one.meanAbsoluteContribution(), Math.exp(one.meanAbsoluteContribution()))
                            : ReviewReport.money(model.metadata(), one.meanAbsoluteContribution())))
                    .append("</td><td>")
                    .append(total > 0 ? ReviewReport.num(100 * one.meanAbsoluteContribution() / total, 1) + "%" : "")
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (!trees) {
            return;
        }
        html.append("<h3>Partial dependence</h3>\n<p>The mean prediction over the same rows with one feature set to"
                + " each value of its training range in turn and the others left as they are: the shape the"
                + " trees learned for that feature, other things equal.</p>\n");
        for (int j = 0; j < data.columns().length; j++) {
            String name = model.metadata().schema().features().get(j).name();
            html.append("<figure><img alt=\"Partial dependence on ").append(ReviewReport.esc(name))
                    .append("\" src=\"data:image/png;base64,")
                    .append(ReportCharts.png(partialDependenceChart(model, columns, j))).append("\">")
                    .append("<figcaption>Partial dependence of the predicted ")
                    .append(ReviewReport.esc(model.metadata().target().name())).append(" on ")
                    .append(ReviewReport.esc(name)).append(".</figcaption></figure>\n");
        }
    }

    /** Each feature's mean absolute contribution over the rows given as columns, largest first. */
    static List<Importance> importance(Model model, double[][] columns) {
        Predictions predictions = model.predictColumns(columns);
        List<String> names = model.metadata().schema().names();
        int n = columns[0].length;
        var importance = new ArrayList<Importance>();
        for (int j = 0; j < names.size(); j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.abs(predictions.contribution(j, i));
            }
            importance.add(new Importance(names.get(j), sum / n));
        }
        importance.sort(Comparator.comparingDouble((Importance one) -> -one.meanAbsoluteContribution()));
        return importance;
    }

    /**
     * The partial dependence on feature {@code j}: for each of {@value #GRID_POINTS} values evenly spaced from
     * its training minimum to its maximum, the mean prediction over the rows with feature {@code j} set to it.
     *
     * @return {x, mean prediction} pairs
     */
    static double[][] partialDependence(Model model, double[][] columns, int j) {
        FeatureStats stats = model.metadata().statsOf(j);
        var feature = model.metadata().schema().features().get(j);
        // A category is set to each of its levels in turn: its codes are names, with nothing between them.
        int points = feature.isCategorical() ? feature.levels().size() : GRID_POINTS;
        int n = columns[0].length;
        double[][] grid = new double[points][2];
        double[][] changed = columns.clone();
        double[] column = new double[n];
        changed[j] = column;
        for (int g = 0; g < points; g++) {
            double x = feature.isCategorical() ? g : stats.min() + (stats.max() - stats.min()) * g / (GRID_POINTS - 1);
            java.util.Arrays.fill(column, x);
            Predictions predictions = model.predictColumns(changed);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += predictions.value(i);
            }
            grid[g][0] = x;
            grid[g][1] = sum / n;
        }
        return grid;
    }

    private static JFreeChart partialDependenceChart(Model model, double[][] columns, int j) {
        var feature = model.metadata().schema().features().get(j);
        var target = model.metadata().target();
        if (feature.isCategorical()) {
            var levels = new DefaultCategoryDataset();
            for (double[] point : partialDependence(model, columns, j)) {
                levels.addValue(point[1], target.name(), feature.level((int) point[0]));
            }
            JFreeChart chart = ChartFactory.createBarChart("Partial dependence on " + feature.name(), feature.name(),
                    "mean predicted " + target.name() + " (" + target.unit() + ")", levels, PlotOrientation.VERTICAL,
                    false, false, false);
            chart.setBackgroundPaint(Color.WHITE);
            CategoryPlot plot = chart.getCategoryPlot();
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            // The differences between levels are the point: a salary axis from zero would flatten them.
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
            plot.getRenderer().setSeriesPaint(0, new Color(0x0B5CAD));
            return chart;
        }
        var series = new XYSeries(feature.name(), false, true);
        for (double[] point : partialDependence(model, columns, j)) {
            series.add(point[0], point[1]);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Partial dependence on " + feature.name(),
                feature.name() + " (" + feature.unit() + ")",
                "mean predicted " + target.name() + " (" + target.unit() + ")", new XYSeriesCollection(series),
                PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = ReportCharts.style(chart);
        // The curve's shape is the point: a salary axis from zero would flatten it.
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(2.5f));
        plot.getRenderer().setSeriesPaint(0, new Color(0x0B5CAD));
        return chart;
    }

    /** At most {@value #MAX_ROWS} row indices, evenly spaced through the data. */
    static int[] sample(int rows) {
        int step = Math.max(1, (rows + MAX_ROWS - 1) / MAX_ROWS);
        int[] sample = new int[(rows + step - 1) / step];
        for (int k = 0; k < sample.length; k++) {
            sample[k] = k * step;
        }
        return sample;
    }

    private static double[][] columns(Dataset data, int[] rows) {
        double[][] columns = new double[data.columns().length][rows.length];
        for (int j = 0; j < columns.length; j++) {
            for (int k = 0; k < rows.length; k++) {
                columns[j][k] = data.columns()[j][rows[k]];
            }
        }
        return columns;
    }

    static String describe(ModelMetadata meta, List<Importance> importance) {
        var parts = new ArrayList<String>();
        for (Importance one : importance) {
            parts.add(String.format(Locale.US, "%s %s", one.feature(), ReviewReport.money(meta,
                    one.meanAbsoluteContribution())));
        }
        return String.join(", ", parts);
    }
}
