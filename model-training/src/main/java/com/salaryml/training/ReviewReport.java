package com.salaryml.training;

import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.artifact.schema.Numbers;
import com.salaryml.artifact.schema.UnitFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The review report: one self-contained HTML file, with its plots embedded as PNG, that a reviewer opens
 * offline to decide whether a model may be deployed. It holds the metrics, the coefficients or the trees, what
 * drives the predictions, the plots, the gate's verdict, the comparison with the previous model, the families
 * compared by cross-validation when asked, and the model card.
 */
final class ReviewReport {

    /** Plots show at most this many points; a million dots draw nothing a reviewer can read. */
    static final int MAX_PLOTTED_POINTS = 2000;

    private ReviewReport() {
    }

    static byte[] render(Model model, Dataset data, ApprovalGate gate, List<String> gateFailures,
                         ModelComparison comparison) {
        return render(model, data, gate, gateFailures, comparison, null);
    }

    static byte[] render(Model model, Dataset data, ApprovalGate gate, List<String> gateFailures,
                         ModelComparison comparison, FamilyComparison families) {
        return render(model, data, gate, gateFailures, comparison, families, null);
    }

    static byte[] render(Model model, Dataset data, ApprovalGate gate, List<String> gateFailures,
                         ModelComparison comparison, FamilyComparison families, Collinearity collinearity) {
        ModelMetadata meta = model.metadata();
        var predictions = model.predictColumns(data.columns());
        double[] predicted = new double[data.rows()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = predictions.value(i);
        }
        var html = new StringBuilder(64 * 1024);
        String title = "Review: " + meta.name() + " model " + meta.version();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(esc(title)).append("</h1>\n");
        if (gateFailures.isEmpty()) {
            html.append("<p class=\"verdict pass\">Passes the approval gate (")
                    .append(esc(gate.describe(meta.target())))
                    .append("). The model file and JAR were written.</p>\n");
        } else {
            html.append("<p class=\"verdict fail\">Rejected by the approval gate; no model file or JAR was written:</p>\n<ul class=\"fail\">\n");
            gateFailures.forEach(failure -> html.append("<li>").append(esc(failure)).append("</li>\n"));
            if (collinearity != null && collinearity.nearlyCollinear()) {
                html.append("<li>The design is nearly collinear: see Near-collinearity below.</li>\n");
            }
            html.append("</ul>\n");
        }

        html.append("<h2>The model</h2>\n<table>\n");
        row(html, "Algorithm", algorithmName(meta.algorithm()) + hyperparameters(meta.hyperparameters()));
        row(html, "Predicts", meta.target().name() + " (" + meta.target().unit() + ")");
        row(html, "Trained on", meta.trainingData().file() + ": " + String.format(Locale.US, "%,d", meta.trainingData().rows())
                + " rows, SHA-256 " + meta.trainingData().sha256());
        row(html, "Trained at", meta.provenance().trainedAt() == null ? "not recorded" : meta.provenance().trainedAt());
        row(html, "Code", "project " + meta.provenance().projectVersion() + ", commit "
                + (meta.provenance().gitCommit() == null ? "unknown" : meta.provenance().gitCommit())
                + ", Smile " + meta.provenance().smileVersion() + ", Java " + meta.provenance().javaVersion());
        html.append("</table>\n");

        metrics(html, meta);
        if (collinearity != null) {
            collinearity(html, collinearity);
        }
        interval(html, model);
        kind(html, model);
        features(html, model);
        Explanations.render(html, model, data);
        if (families != null) {
            families.render(html);
        }

        html.append("<h2>Plots</h2>\n");
        if (data.rows() < meta.trainingData().rows()) {
            // Trained where the rows do not fit on one machine: the plots show a sample drawn to it.
            html.append("<p>The plots and the explanations above use a seeded random sample of ")
                    .append(String.format(Locale.US, "%,d", data.rows())).append(" of the ")
                    .append(String.format(Locale.US, "%,d", meta.trainingData().rows()))
                    .append(" training rows; the metrics use them all.</p>\n");
        }
        if (data.rows() > MAX_PLOTTED_POINTS) {
            html.append("<p>One row in ").append(ReportCharts.step(data.rows())).append(" is plotted (")
                    .append(String.format(Locale.US, "%,d", (data.rows() + ReportCharts.step(data.rows()) - 1) / ReportCharts.step(data.rows())))
                    .append(" points), evenly spaced through the data.</p>\n");
        }
        html.append("<figure><img alt=\"Predicted against actual ").append(esc(meta.target().name()))
                .append("\" src=\"data:image/png;base64,")
                .append(ReportCharts.png(ReportCharts.predictedVsActual(data, predicted, meta))).append("\">")
                .append("<figcaption>Predicted against actual. Points on the diagonal are predicted exactly.</figcaption></figure>\n")
                .append("<figure><img alt=\"Residuals against predicted ").append(esc(meta.target().name()))
                .append("\" src=\"data:image/png;base64,")
                .append(ReportCharts.png(ReportCharts.residualsVsPredicted(data, predicted, meta))).append("\">")
                .append("<figcaption>Residuals (actual − predicted) against predicted. A pattern here, such as a"
                        + " curve or a funnel, means the model misses something.</figcaption></figure>\n");

        if (comparison != null) {
            comparison(html, comparison, meta);
        }
        modelCard(html, meta);
        options(html, meta);
        html.append("</main>\n</body>\n</html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The options the model was trained with, as its provenance records them. */
    private static void options(StringBuilder html, ModelMetadata meta) {
        html.append("<h2>Training options</h2>\n<table>\n");
        meta.provenance().options().forEach((key, value) -> row(html, key, value));
        html.append("</table>\n");
    }

    private static void metrics(StringBuilder html, ModelMetadata meta) {
        var metrics = meta.metrics();
        CrossValidation cv = metrics.crossValidation();
        String method = switch (cv.method()) {
            case CrossValidation.LEAVE_ONE_OUT -> "leave-one-out (" + cv.folds() + " fits)";
            case CrossValidation.HOLDOUT -> "on held-out rows, seed " + cv.seed();
            default -> cv.folds() + "-fold, seed " + cv.seed();
        };
        html.append("<h2>Metrics</h2>\n<table>\n<tr><th></th><th>on the training rows</th><th>cross-validated, ")
                .append(esc(method)).append("</th></tr>\n")
                .append("<tr><th>R²</th><td>").append(num(metrics.rSquared(), 4)).append("</td><td>")
                .append(num(cv.rSquared(), 4)).append("</td></tr>\n")
                .append("<tr><th>adjusted R²</th><td>").append(num(metrics.adjustedRSquared(), 4)).append("</td><td></td></tr>\n")
                .append("<tr><th>RMSE</th><td>").append(money(meta, metrics.rmse())).append("</td><td>")
                .append(money(meta, cv.rmse())).append("</td></tr>\n")
                .append("<tr><th>MAE</th><td>").append(money(meta, metrics.mae())).append("</td><td>")
                .append(money(meta, cv.mae())).append("</td></tr>\n</table>\n")
                .append("<p>The cross-validated column predicts each row with a model that never saw it: that is the"
                        + " error to expect on new data.</p>\n");
    }

    /** The design's collinearity diagnostics: every column's variance inflation factor and what to do. */
    private static void collinearity(StringBuilder html, Collinearity collinearity) {
        html.append("<h2 id=\"collinearity\">Near-collinearity</h2>\n");
        if (collinearity.nearlyCollinear()) {
            html.append("<ul class=\"fail\">\n");
            collinearity.warnings().forEach(line -> html.append("<li>").append(esc(line)).append("</li>\n"));
            html.append("</ul>\n");
        } else {
            html.append("<p>None: ").append(esc(collinearity.summary())).append("</p>\n");
        }
        html.append("<p>Checked before the fit, on the design's columns (a level of a category is its own column)."
                + " A column's variance inflation factor is 1 / (1 − R²) of the column regressed on the others: from ")
                .append(num(Collinearity.VIF_LIMIT, 0)).append(" on, its coefficient is named. The condition number of"
                        + " the centred and scaled columns is 1 when they are uncorrelated; from ")
                .append(num(Collinearity.CONDITION_LIMIT, 0)).append(" on the design is near-collinear. A row of"
                        + " leverage 1 is one the fit cannot do without.</p>\n<table>\n<tr><th>column</th>"
                        + "<th>variance inflation factor</th></tr>\n");
        for (Collinearity.Inflation inflation : collinearity.inflations()) {
            html.append("<tr><td>").append(esc(inflation.column())).append("</td><td>")
                    .append(num(inflation.vif(), 2)).append("</td></tr>\n");
        }
        html.append("</table>\n");
        html.append("<p>Condition number: ").append(num(collinearity.conditionNumber(), 2)).append(".</p>\n");
    }

    private static void interval(StringBuilder html, Model model) {
        IntervalParameters interval = model.interval();
        var cv = model.metadata().metrics().crossValidation();
        html.append("<h2>Prediction interval</h2>\n");
        if (interval == null) {
            html.append("<p>None: with ").append(model.metadata().trainingData().rows()).append(" rows there are too"
                    + " few held-out residuals for a ").append(num(Intervals.LEVEL * 100, 0))
                    .append("% conformal interval (it needs at least ")
                    .append(firstConformalRows()).append("). Predictions say so instead of giving one.</p>\n");
            return;
        }
        html.append("<p>").append(num(interval.level() * 100, 0)).append("% intervals, ");
        if (interval instanceof IntervalParameters.Conformal conformal) {
            html.append("conformal: every prediction ± ").append(esc(FitReview.onFittedScale(model, conformal.halfWidth())))
                    .append(", the ⌈").append(num(interval.level(), 2)).append(" · (n + 1)⌉-th smallest of the ")
                    .append(String.format(Locale.US, "%,d", conformal.calibrationSize()))
                    .append(" absolute cross-validated residuals (").append(esc(conformal.scheme()))
                    .append(", in its constant-width form). It assumes only that new candidates are like the"
                            + " training rows, not that the model is right.");
        } else {
            html.append("exact for ordinary least squares: wider far from the training data. They are exact when"
                    + " the relationship is linear and the noise normal with a constant spread; the held-out"
                    + " coverage below shows how far that holds.");
        }
        if (model.metadata().target().transform() == com.salaryml.artifact.schema.Target.Transform.LOG) {
            html.append(" The model is fitted on the log of ").append(esc(model.metadata().target().name()))
                    .append(": the interval is computed there and its ends exponentiated, so it is never negative and"
                            + " wider above the estimate than below. Its coverage is the same on either scale; its"
                            + " width is in ").append(esc(model.metadata().target().unit())).append(".");
        }
        html.append("</p>\n");
        if (cv.intervalCoverage() != null) {
            html.append("<table>\n");
            row(html, "held-out coverage", num(cv.intervalCoverage() * 100, 1) + "% of the rows fall inside the"
                    + " interval of a model that did not see them");
            row(html, "mean width", money(model.metadata(), cv.intervalMeanWidth()));
            html.append("</table>\n");
        }
    }

    private static int firstConformalRows() {
        int n = 1;
        while (Intervals.rank(n) > n) {
            n++;
        }
        return n;
    }

    private static void trees(StringBuilder html, ModelMetadata meta, TreeEnsembleModel ensemble) {
        int depth = 0;
        int leaves = 0;
        for (TreeEnsembleModel.Tree tree : ensemble.trees()) {
            depth = Math.max(depth, tree.depth());
            for (int i = 0; i < tree.size(); i++) {
                leaves += tree.isLeaf(i) ? 1 : 0;
            }
        }
        html.append("<h2>The trees</h2>\n<table>\n");
        row(html, "trees", String.format(Locale.US, "%,d", ensemble.trees().size()));
        row(html, "nodes", String.format(Locale.US, "%,d, of which %,d leaves", ensemble.nodeCount(), leaves));
        row(html, "deepest", depth + " splits from the root to a leaf");
        row(html, "base value", money(meta, ensemble.baseValue()));
        row(html, "weight of each tree", Numbers.plain(ensemble.trees().get(0).weight()));
        row(html, "expected prediction", money(meta, ensemble.expectedValue()) + " over the training rows: the baseline"
                + " of the contributions");
        html.append("</table>\n<p>A prediction is the base value plus each tree's weight times the leaf the"
                + " candidate reaches. Between the training data's values, and beyond its range, the trees are"
                + " flat: they do not extrapolate a trend.</p>\n");
    }

    private static void coefficients(StringBuilder html, Model fitted, LinearModel model) {
        ModelMetadata meta = fitted.metadata();
        var design = com.salaryml.artifact.schema.Design.of(meta.schema());
        html.append("<h2>Coefficients</h2>\n");
        boolean log = meta.target().transform() == com.salaryml.artifact.schema.Target.Transform.LOG;
        if (log) {
            html.append("<p>Fitted on the log of ").append(esc(meta.target().name())).append(": each coefficient"
                    + " adds to the log, so the estimate is multiplied by exp(coefficient) per unit of a number, or"
                    + " for a level against the reference level.</p>\n");
        }
        if (!meta.schema().features().stream().allMatch(feature -> !feature.isCategorical())) {
            html.append("<p>A category has one coefficient per level but its first, the reference level: what"
                    + " that level adds against the reference, other inputs equal (R's treatment coding).</p>\n");
        }
        html.append("<table>\n");
        double[] coefficients = model.coefficients();
        if (meta.coefficientStats().isEmpty()) {
            html.append("<tr><th>term</th><th>estimate</th><th>meaning</th></tr>\n");
            html.append("<tr><td>intercept</td><td>").append(num(model.intercept(), log ? 4 : 2))
                    .append("</td><td></td></tr>\n");
            for (int j = 0; j < coefficients.length; j++) {
                html.append("<tr><td>").append(esc(design.names().get(j))).append("</td><td>")
                        .append(num(coefficients[j], log ? 4 : 2)).append("</td><td>")
                        .append(esc(FitReview.meaning(meta, design, j, coefficients[j]))).append("</td></tr>\n");
            }
            html.append("</table>\n<p>Standard errors and p values are given only for ordinary least squares: a"
                    + " penalised fit's coefficients are biased on purpose.</p>\n");
            return;
        }
        html.append("<tr><th>term</th><th>estimate</th><th>std. error</th><th>t</th><th>p</th><th>meaning</th></tr>\n");
        for (int j = 0; j < meta.coefficientStats().size(); j++) {
            CoefficientStats stats = meta.coefficientStats().get(j);
            html.append("<tr><td>").append(esc(stats.term())).append("</td><td>").append(num(stats.estimate(), log ? 4 : 2))
                    .append("</td><td>").append(num(stats.stdError(), log ? 4 : 2)).append("</td><td>")
                    .append(num(stats.tValue(), 3)).append("</td><td>").append(num(stats.pValue(), 4))
                    .append("</td><td>").append(j == 0 ? "" : esc(FitReview.meaning(meta, design, j - 1,
                            coefficients[j - 1]))).append("</td></tr>\n");
        }
        html.append("</table>\n");
        List<FTests.FTest> tests = FTests.of(fitted);
        if (!tests.isEmpty()) {
            html.append("<h3>Does each category matter?</h3>\n<p>A level's t-test compares it with the reference"
                    + " level only. The F-test asks whether the category matters at all, its levels together: the"
                    + " fit with its columns against the fit without them (R's <code>anova</code>).</p>\n<table>\n"
                    + "<tr><th>feature</th><th>levels</th><th>F</th><th>degrees of freedom</th><th>p</th></tr>\n");
            for (FTests.FTest test : tests) {
                html.append("<tr><td>").append(esc(test.feature().name())).append("</td><td>")
                        .append(test.feature().levels().size()).append("</td><td>").append(num(test.f(), 3))
                        .append("</td><td>").append(test.numeratorDf()).append(", ").append(test.denominatorDf())
                        .append("</td><td>").append(num(test.p(), 4)).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
    }

    private static void features(StringBuilder html, Model model) {
        ModelMetadata meta = model.metadata();
        html.append("<h2>Inputs</h2>\n<table>\n<tr><th>feature</th><th>unit</th><th>valid range</th>")
                .append("<th>training min</th><th>max</th><th>mean</th><th>std. dev.</th><th>if missing</th></tr>\n");
        for (int j = 0; j < meta.schema().size(); j++) {
            Feature feature = meta.schema().features().get(j);
            FeatureStats stats = meta.statsOf(j);
            html.append("<tr><td>").append(esc(feature.name())).append("</td><td>").append(esc(feature.unit()))
                    .append("</td><td>").append(esc(feature.rangeText())).append("</td>");
            if (feature.isCategorical()) {
                double[] shares = stats.levelShares();
                var parts = new java.util.ArrayList<String>();
                for (int level = 0; level < shares.length; level++) {
                    parts.add(feature.level(level) + " " + num(100 * shares[level], 1) + "%");
                }
                html.append("<td colspan=\"4\">training rows per level: ").append(esc(String.join(", ", parts)))
                        .append("</td>");
            } else {
                html.append("<td>").append(num(stats.min(), 2)).append("</td><td>").append(num(stats.max(), 2))
                        .append("</td><td>").append(num(stats.mean(), 2)).append("</td><td>")
                        .append(num(stats.std(), 2)).append("</td>");
            }
            html.append("<td>").append(esc(missingText(feature))).append("</td></tr>\n");
        }
        html.append("</table>\n<p>Inputs outside the training range are still predicted, with a warning: the"
                + " model has not seen such values. A missing input is refused, or filled in with the value the"
                + " training rows gave, as the schema file says; the prediction then says so.</p>\n");
    }

    /** What the model does with a missing input, e.g. {@code the training median, 22 years}. */
    static String missingText(Feature feature) {
        var missing = feature.missing();
        return switch (missing.rule()) {
            case REFUSE -> "refused";
            case MEDIAN -> "the training median, " + feature.valueText(missing.value()).strip();
            case MEAN -> "the training mean, " + feature.valueText(missing.value()).strip();
            case MOST_FREQUENT -> "the most frequent level, " + feature.valueText(missing.value());
        };
    }

    private static void comparison(StringBuilder html, ModelComparison comparison, ModelMetadata meta) {
        html.append("<h2>Compared with version ").append(esc(comparison.previousVersion())).append("</h2>\n<table>\n")
                .append("<tr><th>metric</th><th>").append(esc(comparison.previousVersion())).append(" (")
                .append(esc(comparison.previousAlgorithm())).append(")</th><th>").append(esc(meta.version()))
                .append(" (").append(esc(meta.algorithm())).append(")</th><th>change</th></tr>\n");
        for (var metric : comparison.metrics()) {
            html.append("<tr><td>").append(esc(metric.name())).append("</td><td>").append(optional(metric.previous()))
                    .append("</td><td>").append(optional(metric.current())).append("</td><td>")
                    .append(metric.change() == null ? "" : signed(metric.change(), 4)).append("</td></tr>\n");
        }
        html.append("</table>\n<h3>Largest changes in prediction over the training rows</h3>\n<table>\n")
                .append("<tr><th>data row</th><th>inputs</th><th>before</th><th>after</th><th>change</th></tr>\n");
        for (var change : comparison.largestChanges()) {
            html.append("<tr><td>").append(change.row()).append("</td><td>").append(esc(inputs(change.inputs(), meta.schema())))
                    .append("</td><td>").append(money(meta, change.previous())).append("</td><td>")
                    .append(money(meta, change.current()))
                    .append("</td><td>").append(signed(change.change(), 2)).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (comparison.skippedRows() > 0) {
            html.append("<p>").append(comparison.skippedRows())
                    .append(" rows lie outside the previous model's valid ranges and were not compared.</p>\n");
        }
    }

    /** A metric a model may lack, such as an interval's coverage: "none" then. */
    private static String optional(Double value) {
        return value == null ? "none" : num(value, 4);
    }

    /** Inputs as a sentence lists them: {@code experience 2, rank Prof}; a missing one as {@code missing}. */
    static String inputs(Map<String, ?> inputs, com.salaryml.artifact.schema.FeatureSchema schema) {
        var parts = new java.util.ArrayList<String>();
        for (String name : schema.names()) {
            Object value = inputs.get(name);
            parts.add(name + " " + (value instanceof Number number ? Numbers.plain(number.doubleValue())
                    : value == null ? "missing" : value.toString()));
        }
        return String.join(", ", parts);
    }

    /**
     * The model card, in words that hold for any data: what the schema file declares (the target, the inputs and
     * their units) is all this module knows of the data's meaning.
     */
    private static void modelCard(StringBuilder html, ModelMetadata meta) {
        String target = meta.target().name();
        List<String> names = meta.schema().names();
        var described = new java.util.ArrayList<String>();
        for (Feature feature : meta.schema().features()) {
            described.add(feature.name() + " (" + (feature.isCategorical() ? "one of " + String.join(", ",
                    feature.levels()) : feature.unit()) + ", " + feature.description() + ")");
        }
        html.append("<h2>Model card</h2>\n")
                .append("<h3>Intended use</h3>\n<p>To give people a starting point: an estimate of ").append(esc(target))
                .append(" from ").append(esc(series(names))).append(", with its uncertainty. It supports a decision made"
                        + " by people; it must not make one.</p>\n")
                .append("<h3>Data</h3>\n<p>").append(String.format(Locale.US, "%,d", meta.trainingData().rows()))
                .append(" rows of <code>").append(esc(meta.trainingData().file()))
                .append("</code> (SHA-256 <code>").append(esc(meta.trainingData().sha256())).append("</code>): ")
                .append(esc(series(described))).append(", and ").append(esc(target)).append(" in ")
                .append(esc(meta.target().unit())).append(". The model sees these columns and no other column of the"
                        + " file.</p>\n")
                .append("<h3>Limitations</h3>\n<ul>\n")
                .append(meta.kind().equals(com.salaryml.artifact.kind.ModelKind.LINEAR)
                        ? meta.target().transform() == com.salaryml.artifact.schema.Target.Transform.LOG
                        ? "<li>The log of " + esc(target) + " is assumed linear: each extra unit of an input multiplies"
                        + " the estimate by the same factor, at any level. The estimate is the median " + esc(target)
                        + " of such inputs, not the mean.</li>\n"
                        : "<li>The relationship is assumed linear: each extra unit of an input adds the same amount, at"
                        + " any level.</li>\n"
                        : "<li>The trees learn any shape the data shows, and only what it shows: where the data is"
                        + " thin the estimate rests on a few rows, and beyond the training range it stays flat.</li>\n")
                .append("<li>Outside the training ranges the model extrapolates; the page warns when it does.</li>\n")
                .append("<li>").append(esc(series(names))).append(names.size() == 1 ? " explains" : " explain")
                .append(" only part of ").append(esc(target)).append(": whatever shapes it and is not in the data is not"
                        + " in the estimate either.</li>\n");
        if (meta.trainingData().rows() < 100) {
            html.append("<li><strong>The data is tiny.</strong> With ").append(meta.trainingData().rows())
                    .append(" rows, ").append(meta.kind().equals(com.salaryml.artifact.kind.ModelKind.LINEAR)
                            ? "every coefficient is uncertain (see the standard errors and p values)"
                            : "the trees have almost nothing to split on")
                    .append(", one unusual row can move the model, and the cross-validated error is the honest"
                            + " guide.</li>\n");
        }
        html.append("</ul>\n<h3>Fairness</h3>\n<p>The model learns the values of ").append(esc(target))
                .append(" in the data, so it reproduces whatever bias shaped them: if some groups got less for the same"
                        + " inputs, or were scored lower for reasons unrelated to what an input should measure, the model"
                        + " carries that into every estimate. The inputs themselves may be biased. Before relying on it,"
                        + " compare its errors across groups on data you are entitled to use for that check, review how"
                        + " each input is measured, and treat an estimate as one input to a human decision, never as the"
                        + " decision.</p>\n");
    }

    /** "a", "a and b", "a, b and c". */
    private static String series(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** What differs by kind: a linear model's coefficients, or an ensemble's trees. */
    private static void kind(StringBuilder html, Model model) {
        ModelMetadata meta = model.metadata();
        model.kind().match(new ModelKind.Cases<Void>() {
            @Override
            public Void linear(LinearModel linear) {
                coefficients(html, model, linear);
                return null;
            }

            @Override
            public Void treeEnsemble(TreeEnsembleModel ensemble) {
                trees(html, meta, ensemble);
                return null;
            }
        });
    }

    static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    /** The contract's name of the algorithm for a sentence, e.g. "ordinary least squares"; the id if unknown. */
    static String algorithmName(String id) {
        return com.salaryml.artifact.metadata.Algorithm.byId(id)
                .map(com.salaryml.artifact.metadata.Algorithm::description).orElse(id);
    }

    private static String hyperparameters(Map<String, Double> hyperparameters) {
        if (hyperparameters.isEmpty()) {
            return "";
        }
        var parts = new java.util.ArrayList<String>();
        hyperparameters.forEach((key, value) -> parts.add(key + " " + Numbers.plain(value)));
        return " (" + String.join(", ", parts) + ")";
    }

    static String num(double value, int decimals) {
        return String.format(Locale.US, "%,." + decimals + "f", value);
    }

    private static String signed(double value, int decimals) {
        return (value >= 0 ? "+" : "") + num(value, decimals);
    }

    /** {@code value} written in the target's unit, e.g. {@code $52,062.76}, as everywhere else. */
    static String money(ModelMetadata meta, double value) {
        return UnitFormat.of(meta.target().unit()).format(value);
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; color: #1b1f24; margin: 0; line-height: 1.5; }
            main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
            table { border-collapse: collapse; margin: .5rem 0 1rem; }
            th, td { border: 1px solid #c5ccd6; padding: .25rem .6rem; text-align: left; vertical-align: top; }
            td { font-variant-numeric: tabular-nums; }
            .verdict { padding: .75rem 1rem; font-weight: 600; }
            .pass { background: #e6f4ea; border: 2px solid #1e7b34; }
            .fail { background: #fdecea; border: 2px solid #b3261e; }
            ul.fail { padding: .75rem 2rem; }
            figure { margin: 1rem 0; }
            img { max-width: 100%; height: auto; border: 1px solid #c5ccd6; }
            figcaption { color: #4a5361; }
            """;
}
