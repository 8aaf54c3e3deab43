package com.salaryml.training;

import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.IntervalParameters;
import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.kind.ModelKind;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.Model;
import com.salaryml.artifact.format.ModelLoadException;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictor;
import com.salaryml.artifact.schema.Design;
import com.salaryml.artifact.schema.Numbers;
import com.salaryml.artifact.schema.Target;
import com.salaryml.artifact.schema.UnitFormat;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What follows a fit, whichever trainer made it, Smile's or Spark's: prints the fit and the comparison with the
 * previous model, writes the review report, applies the approval gate and, past it, publishes the model file
 * and JAR and says how to serve and sign them. One place, so both trainers print, gate and write alike.
 */
public final class FitReview {

    /**
     * From this many rows on, the time a fit takes grows with the rows and outweighs its fixed costs, so rows
     * per second says something about the data. Below, it would only measure those costs (and up to
     * {@value Trainer#LEAVE_ONE_OUT_MAX_ROWS} rows leave-one-out makes the time grow with the square of the rows).
     */
    static final int MIN_ROWS_FOR_RATE = 10_000;

    private final PrintStream out;
    private final PrintStream err;
    /** When start-up began, by {@link System#nanoTime()}: the JVM's start if it was started for this command. */
    private final long startedNanos;
    private final boolean startIncludesJvm;

    /**
     * A review that prints to a command's streams.
     *
     * @param out              the command's output
     * @param err              the command's error output
     * @param startedNanos     when the command's start-up began, by {@link System#nanoTime()}
     * @param startIncludesJvm whether that is the JVM's start, for the {@code Took} line
     */
    public FitReview(PrintStream out, PrintStream err, long startedNanos, boolean startIncludesJvm) {
        this.out = out;
        this.err = err;
        this.startedNanos = startedNanos;
        this.startIncludesJvm = startIncludesJvm;
    }

    /**
     * Says why a training command failed, as both trainers say it, and gives its exit status.
     *
     * @param err     the command's error output
     * @param failure what stopped it: the previous model, the data or the output
     * @return {@link TrainCommand#FAILED}
     */
    public static int failed(PrintStream err, Exception failure) {
        if (failure instanceof ModelLoadException) {
            err.println("error: cannot compare with the previous model: " + failure.getMessage());
        } else if (failure instanceof DataException data) {
            err.println("Training failed; nothing was written.");
            data.problems().forEach(problem -> err.println("error: " + problem));
        } else {
            err.println("error: " + failure.getMessage());
        }
        return TrainCommand.FAILED;
    }

    /**
     * What follows a fit, whichever trainer made it: prints the fit, compares it with the previous model,
     * writes the review report, applies the approval gate and, if the model passes, writes the model file and
     * JAR and says how to serve and sign it.
     *
     * @param options  the command's options: where to write, the version, the gate
     * @param detail   where the fit and the comparison are printed: the command's output, or nowhere when quiet
     * @param model    the fitted model
     * @param examples the schema file's example inputs, for the reference prediction
     * @param previous the model to compare with, or {@code null}
     * @param data     the rows the review report plots and the comparison looks at: all of them, or a sample
     * @param rows     how many rows the model was trained on
     * @param source   what the rows were read from, as the success line names it
     * @param fitting  when the fit began, by {@link System#nanoTime()}
     * @param fitted   when the fit ended, by {@link System#nanoTime()}
     * @return the command's exit status: {@link TrainCommand#OK}, or {@link TrainCommand#FAILED} if the gate
     *         rejects the model
     * @throws PublishException if the model file, JAR or report cannot be written
     */
    public int review(TrainingOptions options, PrintStream detail, Model model, Map<String, ?> examples,
                      Predictor previous, Dataset data, long rows, String source, long fitting, long fitted)
            throws PublishException {
        return review(options, detail, model, ApprovalGate.Measured.fromMetrics(model), examples, previous, data, rows,
                source, null, null, fitting, fitted, 0);
    }

    /**
     * The same, with what the gate judges measured by the Smile trainer (its held-out residuals on the fitted
     * scale), the comparison of families it may run, the time that took, and the design's collinearity
     * diagnostics ({@code null} for a tree ensemble).
     */
    int review(TrainingOptions options, PrintStream detail, Model model, ApprovalGate.Measured measured,
               Map<String, ?> examples, Predictor previous, Dataset data, long rows, String source,
               FamilyComparison families, Collinearity collinearity, long fitting, long fitted, long comparing)
            throws PublishException {
        report(detail, model, examples);
        ModelComparison comparison = previous == null ? null : ModelComparison.compare(previous, model, data);
        if (comparison != null) {
            printComparison(detail, comparison, model);
        }
        if (families != null) {
            // Asked for explicitly, so printed even with --quiet.
            families.print(out);
        }
        ModelPublisher.checkVersionFree(model, options.out(), options.overwrite());
        List<String> failures = options.gate().failures(measured);
        Path report = ModelPublisher.writeReport(model,
                ReviewReport.render(model, data, options.gate(), failures, comparison, families, collinearity),
                options.out());
        detail.println(cost(rows, fitting - startedNanos, fitted - fitting,
                System.nanoTime() - fitted - comparing, startIncludesJvm, peakHeap()));
        if (!failures.isEmpty()) {
            err.println("Rejected by the approval gate; no model file or JAR was written:");
            failures.forEach(failure -> err.println("error: " + failure));
            if (collinearity != null && collinearity.nearlyCollinear()) {
                // The likeliest reason, named before the fit: say it again where the refusal is read.
                err.println("The design is nearly collinear (the warnings above): its cross-validated figures cannot"
                        + " be trusted until " + (collinearity.named().isEmpty() ? "the rows of leverage 1 named there"
                        + " are dealt with." : "one of " + Collinearity.series(collinearity.named()) + " is dropped."));
            }
            err.println("The review report is " + report + ". Change the data or the settings, or, if the"
                    + " thresholds are wrong, change them in " + TrainingOptions.CONFIG_FILE + ".");
            return TrainCommand.FAILED;
        }
        detail.println("Passes the approval gate: cross-validated " + options.gate().passed(measured) + ".");
        var published = ModelPublisher.publish(model, options.out(), options.overwrite(),
                ModelPublisher.entryTime(model.metadata().provenance()));
        if (options.quiet()) {
            out.println("Trained " + model.metadata().name() + " " + model.metadata().version() + " on "
                    + String.format(Locale.US, "%,d", rows) + " rows of " + source + ": "
                    + (published.unchanged() ? "unchanged, " + published.jarFile() + " already holds it"
                    : (published.replaced() ? "replaced " : "wrote ") + published.jarFile()));
            return TrainCommand.OK;
        }
        if (published.unchanged()) {
            out.println("Unchanged: " + published.modelFile() + " already holds this model.");
        } else {
            String verb = published.replaced() ? "Replaced" : "Wrote";
            out.println(verb + " " + published.modelFile());
            out.println(verb + " " + published.jarFile());
        }
        out.println("Wrote the review report " + report);
        out.println();
        out.println("To serve it, point the web app at the model JAR (or the .json file), for example:");
        out.println("  mvn -q -pl web-app exec:java -Dsalary.model=" + published.jarFile().toAbsolutePath());
        out.println("  or, for any Tomcat or Jetty: SALARY_MODEL=" + published.jarFile().toAbsolutePath());
        out.println("Testing, staging and production serve it once an approver has read the review report and"
                + " signed it:");
        out.println("  mvn -pl model-training exec:java -Dexec.args=\"sign --model "
                + published.modelFile().toAbsolutePath() + " --keystore ds.p12 --alias <your alias>\"");
        out.println("See docs/deploying.md and docs/security.md.");
        return TrainCommand.OK;
    }

    static void report(PrintStream out, Model model, Map<String, ?> reference) {
        var meta = model.metadata();
        var hyperparameters = new java.util.ArrayList<String>();
        meta.hyperparameters().forEach((key, value) -> hyperparameters.add(key + "=" + Numbers.plain(value)));
        out.println("Fitted " + meta.name() + " " + meta.version() + " by " + ReviewReport.algorithmName(meta.algorithm())
                + (hyperparameters.isEmpty() ? "" : " {" + String.join(", ", hyperparameters) + "}") + ":");
        model.kind().match(new ModelKind.Cases<Void>() {
            @Override
            public Void linear(LinearModel linear) {
                coefficients(out, model, linear);
                return null;
            }

            @Override
            public Void treeEnsemble(TreeEnsembleModel ensemble) {
                out.printf(Locale.ROOT, "  %d trees, %d nodes, base value %s, expected prediction %s%n",
                        ensemble.trees().size(), ensemble.nodeCount(), amount(model, ensemble.baseValue()),
                        amount(model, ensemble.expectedValue()));
                return null;
            }
        });
        if (meta.target().transform() == Target.Transform.LOG) {
            out.println("Fitted on the log of " + meta.target().name() + "; the metrics below are in "
                    + meta.target().unit() + ", of the estimates served: exp of the predicted log.");
        }
        Metrics metrics = meta.metrics();
        CrossValidation cv = metrics.crossValidation();
        out.printf(Locale.ROOT, "Training fit:    R² %.4f, adjusted R² %.4f, RMSE %s, MAE %s%n", metrics.rSquared(),
                metrics.adjustedRSquared(), amount(model, metrics.rmse()), amount(model, metrics.mae()));
        String method = switch (cv.method()) {
            case CrossValidation.LEAVE_ONE_OUT -> "leave-one-out";
            case CrossValidation.HOLDOUT -> "held-out rows, seed " + cv.seed();
            default -> cv.folds() + "-fold, seed " + cv.seed();
        };
        out.printf(Locale.ROOT, "Cross-validated: R² %.4f, RMSE %s, MAE %s (%s)%n", cv.rSquared(),
                amount(model, cv.rmse()), amount(model, cv.mae()), method);
        if (cv.intervalCoverage() != null) {
            out.printf(Locale.ROOT, "Interval:        %s; held-out coverage %.1f%%, mean width %s%n",
                    model.interval() instanceof IntervalParameters.Conformal conformal
                            ? String.format(Locale.ROOT, "conformal, %s ± %s", conformal.scheme(),
                            onFittedScale(model, conformal.halfWidth()))
                            : "exact for least squares", 100 * cv.intervalCoverage(),
                    amount(model, cv.intervalMeanWidth()));
        }
        Prediction prediction = model.predict(reference);
        String interval = prediction.interval() == null ? "no prediction interval for " + meta.algorithm()
                : String.format(Locale.ROOT, "%.0f%% prediction interval %s to %s", prediction.interval().level() * 100,
                amount(model, prediction.interval().low()), amount(model, prediction.interval().high()));
        out.println("Reference prediction for " + ReviewReport.inputs(reference, meta.schema()) + ": "
                + amount(model, prediction.value()) + " (" + interval + ")");
    }

    private static void coefficients(PrintStream out, Model fitted, LinearModel model) {
        var meta = fitted.metadata();
        List<CoefficientStats> stats = meta.coefficientStats();
        Design design = Design.of(meta.schema());
        int width = Math.max(18, design.names().stream().mapToInt(String::length).max().orElse(0));
        String term = "  %-" + width + "s";
        if (stats.isEmpty()) {
            out.printf(Locale.ROOT, term + " %15s%n", "term", "estimate");
            out.printf(Locale.ROOT, term + " %15.4f%n", "intercept", model.intercept());
        } else {
            out.printf(Locale.ROOT, term + " %15s %12s %8s %8s%n", "term", "estimate", "std. error", "t", "p");
            CoefficientStats intercept = stats.get(0);
            out.printf(Locale.ROOT, term + " %15.4f %12.4f %8.3f %8.4f%n", "intercept", intercept.estimate(),
                    intercept.stdError(), intercept.tValue(), intercept.pValue());
        }
        double[] coefficients = model.coefficients();
        for (int i = 0; i < coefficients.length; i++) {
            String meaning = meaning(meta, design, i, coefficients[i]);
            if (stats.isEmpty()) {
                out.printf(Locale.ROOT, term + " %15.4f  %s%n", design.names().get(i), coefficients[i], meaning);
            } else {
                CoefficientStats s = stats.get(i + 1);
                out.printf(Locale.ROOT, term + " %15.4f %12.4f %8.3f %8.4f  %s%n", design.names().get(i),
                        coefficients[i], s.stdError(), s.tValue(), s.pValue(), meaning);
            }
        }
        for (FTests.FTest test : FTests.of(fitted)) {
            out.printf(Locale.ROOT, "  F-test of %s, its %d levels together: F(%d, %d) = %.3f, p %.4f%n",
                    test.feature().name(), test.feature().levels().size(), test.numeratorDf(), test.denominatorDf(),
                    test.f(), test.p());
        }
    }

    /**
     * What design column {@code c}'s coefficient means, in the target's unit: per unit of a number, or against the
     * reference level for a level; on the log scale, the factor it multiplies the estimate by.
     */
    static String meaning(com.salaryml.artifact.metadata.ModelMetadata meta, Design design, int c, double coefficient) {
        Feature feature = meta.schema().features().get(design.featureOf(c));
        String per = feature.isCategorical() ? "against " + feature.level(0)
                : "per " + Words.singular(feature.unit());
        return meta.target().transform() == Target.Transform.LOG
                ? String.format(Locale.ROOT, "×%.4f %s", Math.exp(coefficient), per)
                : meta.target().unit() + " " + per;
    }

    private static void printComparison(PrintStream out, ModelComparison comparison, Model model) {
        out.println("Compared with version " + comparison.previousVersion() + " (" + comparison.previousAlgorithm()
                + "):");
        for (var metric : comparison.metrics()) {
            if (metric.change() == null) {
                out.printf(Locale.ROOT, "  %-22s %14s -> %14s%n", metric.name(), text(metric.previous()),
                        text(metric.current()));
                continue;
            }
            out.printf(Locale.ROOT, "  %-22s %14.4f -> %14.4f  (%+.4f)%n", metric.name(), metric.previous(),
                    metric.current(), metric.change());
        }
        out.println("  Largest changes in prediction over the training rows:");
        for (var change : comparison.largestChanges()) {
            out.printf(Locale.ROOT, "    data row %d (%s): %s -> %s (%s%s)%n", change.row(),
                    ReviewReport.inputs(change.inputs(), model.metadata().schema()),
                    amount(model, change.previous()), amount(model, change.current()), change.change() >= 0 ? "+" : "-",
                    amount(model, Math.abs(change.change())));
        }
        if (comparison.skippedRows() > 0) {
            out.println("  " + comparison.skippedRows() + " rows lie outside the previous model's valid ranges and"
                    + " were not compared.");
        }
    }

    /**
     * Where the time went: start-up (the JVM when it was started for this command, loading classes, reading
     * the data, loading Smile), fitting with cross-validation, and the review report. Rows per second only
     * from {@value #MIN_ROWS_FOR_RATE} rows, where the figure measures the fit rather than its fixed costs.
     */
    static String cost(long rows, long startUpNanos, long fittingNanos, long reportNanos, boolean startIncludesJvm,
                       long peakHeapBytes) {
        double fitting = fittingNanos / 1e9;
        String rate = rows >= MIN_ROWS_FOR_RATE && fittingNanos > 0
                ? String.format(Locale.US, " (%,.0f rows/s)", rows / fitting) : "";
        return String.format(Locale.US, "Took %.2f s: start-up %.2f s (%sclasses, reading the data),"
                        + " fitting %.2f s%s, review report %.2f s; peak heap %d MiB",
                (startUpNanos + fittingNanos + reportNanos) / 1e9, startUpNanos / 1e9,
                startIncludesJvm ? "JVM, " : "", fitting, rate, reportNanos / 1e9, peakHeapBytes / (1024 * 1024));
    }

    static long peakHeap() {
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        return peakHeap;
    }

    private static String text(Double value) {
        return value == null ? "none" : String.format(Locale.ROOT, "%.4f", value);
    }

    /**
     * A difference on the scale the model is fitted on, such as a conformal interval's half width: in the target's
     * unit, or for a log model as a log with the factor it stands for, {@code 0.1500 on the log scale (×/÷ 1.1618)}.
     */
    static String onFittedScale(Model model, double value) {
        return model.metadata().target().transform() == Target.Transform.LOG
                ? String.format(Locale.ROOT, "%.4f on the log scale (×/÷ %.4f)", value, Math.exp(value))
                : amount(model, value);
    }

    /** {@code value} written in the model's target unit, e.g. {@code $52,062.76} (see {@link UnitFormat}). */
    static String amount(Model model, double value) {
        return UnitFormat.of(model.metadata().target().unit()).format(value);
    }
}
