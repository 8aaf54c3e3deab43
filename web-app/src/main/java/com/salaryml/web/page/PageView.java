package com.salaryml.web.page;

import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.metadata.Algorithm;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.schema.Target;
import com.salaryml.artifact.schema.UnitFormat;
import com.salaryml.web.serving.ApprovalStatus;
import com.salaryml.web.config.Stage;
import com.salaryml.web.monitoring.DriftReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders the page for the model being served: its title, fields, help and amounts come from the model's
 * target and features, so the page of another model needs no change here. Every value that came from a request
 * or a model file is escaped by {@link Html}.
 */
final class PageView {

    private PageView() {
    }

    /** When an approver signed, as the page writes it: in UTC, to the minute. */
    private static final DateTimeFormatter SIGNED_AT =
            DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    static String render(ModelMetadata model, ApprovalStatus approval, Stage stage, FormInput input,
                         Prediction prediction) {
        return render(model, approval, stage, input, prediction, List.of());
    }

    /**
     * The page, warning in "About this model" of the features whose recent inputs drifted from the training
     * data ({@link DriftReport#drifted()}).
     */
    static String render(ModelMetadata model, ApprovalStatus approval, Stage stage, FormInput input,
                         Prediction prediction, List<DriftReport.Quantity> drifted) {
        var html = new Html();
        String title = title(model);
        head(html, input.errors().isEmpty() ? title : "Error: " + title, true);
        banner(html, stage);
        var inputs = model.schema().features().stream().map(feature -> words(feature.name())).toList();
        html.raw("<main>\n<h1>").text(title).raw("</h1>\n")
                .raw("<p class=\"lede\">Estimate ").text(words(model.target().name())).raw(" from ")
                .text(series(inputs)).raw(".</p>\n");
        if (!input.errors().isEmpty()) {
            errorSummary(html, model, input);
        }
        form(html, model, input);
        // The live region is there even without a result, so that a screen reader already watches it when
        // page.js puts the first estimate into it.
        html.raw("<div class=\"result-region\" id=\"result-region\" aria-live=\"polite\">\n");
        if (prediction != null) {
            result(html, model, input, prediction);
        }
        html.raw("</div>\n");
        about(html, model, approval, drifted);
        html.raw("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    /** The stage's banner, outside production: on every page, so that no stage is taken for another. */
    private static void banner(Html html, Stage stage) {
        stage.banner().ifPresent(banner -> html.raw("<p class=\"stage-banner\" id=\"stage-banner\">").text(banner)
                .raw("</p>\n"));
    }

    /**
     * The page while no model is loaded: which model it will be, and so what the page estimates, is unknown.
     * The stage's banner is there all the same: a staging instance without a model is still staging.
     */
    static String unavailable(Stage stage) {
        var html = new Html();
        head(html, "Estimate unavailable", false);
        banner(html, stage);
        html.raw("<main>\n<h1>Estimate unavailable</h1>\n")
                .raw("<p class=\"error-summary\" role=\"alert\">The model is not loaded, so no estimate"
                        + " can be made right now. Please try again later.</p>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    /**
     * The script is optional and deferred: the form works without it, and with it the result updates in place.
     * Both URLs are relative so the page works under any context path.
     */
    private static void head(Html html, String title, boolean script) {
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<title>").text(title).raw("</title>\n")
                .raw("<link rel=\"stylesheet\" href=\"page.css\">\n")
                // Without an icon of its own the browser asks for /favicon.ico, outside the app's context path.
                .raw("<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\">\n");
        if (script) {
            html.raw("<script src=\"page.js\" defer></script>\n");
        }
        html.raw("</head>\n<body>\n");
    }

    /** The field errors, mirrored by page.js for the API's 400 answers: a change here belongs there too. */
    private static void errorSummary(Html html, ModelMetadata model, FormInput input) {
        html.raw("<div class=\"error-summary\" role=\"alert\" id=\"error-summary\">\n")
                .raw("<h2>Please correct ").text(input.errors().size() == 1 ? "this field" : "these fields")
                .raw("</h2>\n<ul>\n");
        for (var error : input.errors().entrySet()) {
            Feature feature = model.schema().feature(error.getKey()).orElseThrow();
            html.raw("<li><a").attr("href", "#" + feature.name()).raw(">").text(label(feature)).raw(": ")
                    .text(error.getValue()).raw("</a></li>\n");
        }
        html.raw("</ul>\n</div>\n");
    }

    /**
     * One field per feature. The form carries what page.js needs to write an estimate as this page does: the
     * target's name and unit, and the parts of its {@link UnitFormat}.
     */
    private static void form(Html html, ModelMetadata model, FormInput input) {
        UnitFormat format = UnitFormat.of(model.target().unit());
        html.raw("<form method=\"get\" action=\"./\" id=\"estimate-form\" novalidate")
                .attr("data-target", model.target().name()).attr("data-unit", model.target().unit())
                .attr("data-prefix", format.prefix()).attr("data-suffix", format.suffix())
                .attr("data-min-decimals", Integer.toString(format.minDecimals()))
                .attr("data-max-decimals", Integer.toString(format.maxDecimals())).raw(">\n");
        // Focus goes to the first invalid field when the page loads, with or without JavaScript.
        String firstInvalid = input.invalidFields().isEmpty() ? null : input.invalidFields().get(0);
        for (Feature feature : model.schema().features()) {
            String name = feature.name();
            String error = input.errors().get(name);
            html.raw("<div class=\"field").raw(error == null ? "" : " field-invalid").raw("\">\n")
                    .raw("<label").attr("for", name).raw(">").text(label(feature)).raw("</label>\n")
                    .raw("<p class=\"help\"").attr("id", name + "-help").raw(">").text(feature.description())
                    .raw(", ").text(feature.rangeText());
            if (feature.missing().fills()) {
                html.raw(". ").text((feature.isCategorical() ? "If not known" : "If left blank")
                        + ", the model uses " + filledWith(feature));
            }
            html.raw("</p>\n");
            if (error != null) {
                html.raw("<p class=\"field-error\"").attr("id", name + "-error").raw(">").text(error).raw("</p>\n");
            }
            String typed = input.typed().getOrDefault(name, "");
            if (feature.isCategorical()) {
                // The levels as choices; what page.js needs to name a level that was filled in rides along.
                html.raw("<select").attr("id", name).attr("name", name);
                if (feature.missing().fills()) {
                    html.attr("data-missing", feature.level((int) feature.missing().value()));
                } else {
                    html.raw(" required");
                }
            } else {
                html.raw("<input type=\"number\" inputmode=\"decimal\"").raw(feature.missing().fills() ? "" : " required")
                        .attr("id", name).attr("name", name)
                        .attr("min", plain(feature.min())).attr("max", plain(feature.max())).attr("step", "any")
                        .attr("value", typed);
            }
            html.attr("aria-describedby", error == null ? name + "-help" : name + "-error " + name + "-help");
            if (error != null) {
                html.attr("aria-invalid", "true");
            }
            if (name.equals(firstInvalid)) {
                html.raw(" autofocus");
            }
            html.raw(">\n");
            if (feature.isCategorical()) {
                options(html, feature, typed.strip());
                html.raw("</select>\n");
            }
            html.raw("</div>\n");
        }
        html.raw("<button type=\"submit\">Estimate ").text(words(model.target().name())).raw("</button>\n</form>\n");
    }

    /**
     * A category's choices: its levels, labelled as the data names them, and a blank one, "Not known", where the
     * model fills in a missing value. Where it refuses one, a placeholder that cannot be chosen stands first, so
     * that no level is sent unless the person chose it.
     */
    private static void options(Html html, Feature feature, String typed) {
        boolean chosen = feature.code(typed).isPresent();
        if (feature.missing().fills()) {
            html.raw("<option value=\"\"").raw(chosen ? "" : " selected").raw(">Not known</option>\n");
        } else {
            html.raw("<option value=\"\" disabled").raw(chosen ? "" : " selected").raw(">Choose\u2026</option>\n");
        }
        for (String level : feature.levels()) {
            html.raw("<option").attr("value", level).raw(level.equals(typed) ? " selected" : "").raw(">").text(level)
                    .raw("</option>\n");
        }
    }

    /** The value the model uses for a missing input, and what it is: "21 years, the training median". */
    private static String filledWith(Feature feature) {
        String statistic = switch (feature.missing().rule()) {
            case MEDIAN -> "the training median";
            case MEAN -> "the training mean";
            case MOST_FREQUENT -> "the most frequent in training";
            case REFUSE -> throw new IllegalArgumentException(feature.name() + " is never filled in");
        };
        return feature.valueText(feature.missing().value()).strip() + ", " + statistic;
    }

    /**
     * The estimate, its interval, any range warnings and the chart. page.js builds the same elements with
     * the same classes from the JSON API's answer; a change here belongs there too.
     */
    private static void result(Html html, ModelMetadata model, FormInput input, Prediction prediction) {
        html.raw("<section class=\"result\" id=\"result\">\n")
                .raw("<h2>Estimated ").text(words(model.target().name())).raw("</h2>\n")
                .raw("<p class=\"estimate\" id=\"estimate\">").text(amount(model, prediction.value())).raw("</p>\n");
        if (prediction.scale() == Target.Transform.LOG) {
            html.raw("<p class=\"estimate-note\" id=\"estimate-note\">").text(medianNote(model)).raw("</p>\n");
        }
        Prediction.Interval interval = prediction.interval();
        if (interval != null) {
            html.raw("<p class=\"interval\" id=\"interval\">Likely between ").text(amount(model, interval.low()))
                    .raw(" and ").text(amount(model, interval.high())).raw(" (").text(percent(interval.level()))
                    .raw(" prediction interval)</p>\n");
        } else {
            html.raw("<p class=\"interval\" id=\"interval\">").text(prediction.intervalNote()).raw("</p>\n");
        }
        if (!prediction.warnings().isEmpty()) {
            html.raw("<ul class=\"warnings\" id=\"warnings\">\n");
            for (Prediction.Warning warning : prediction.warnings()) {
                html.raw("<li>").text(warning.message()).raw("</li>\n");
            }
            html.raw("</ul>\n");
        }
        contributionChart(html, model, input, prediction);
        html.raw("<p class=\"model-version\">Model ").text(prediction.modelName()).raw(" version ")
                .text(prediction.modelVersion()).raw("</p>\n</section>\n");
    }

    /**
     * A horizontal bar per feature, drawn in SVG on the server so it needs no script: how far each input moves
     * the estimate from the baseline, the model's average estimate over its training data.
     */
    private static void contributionChart(Html html, ModelMetadata model, FormInput input, Prediction prediction) {
        var contributions = prediction.contributions();
        boolean log = prediction.scale() == Target.Transform.LOG;
        double largest = 1;
        for (Prediction.Contribution contribution : contributions) {
            largest = Math.max(largest, Math.abs(contribution.amount()));
        }
        // One row per feature: its label and signed amount on a line, the bar beneath, growing left or right of
        // the centre line. Narrow enough to read on a phone.
        int rowHeight = 46;
        int height = rowHeight * contributions.size() + 4;
        double width = 360;
        double zero = width / 2;
        double reach = zero - 2;
        html.raw("<figure class=\"contributions\" id=\"contributions\">\n<figcaption>Why this estimate: on average")
                .raw(" over its training data the model estimates ")
                .text(amount(model, log ? StrictMath.exp(prediction.baseline()) : prediction.baseline()))
                .raw(log ? "; each input raises or lowers the estimate from there by the percentage shown.</figcaption>\n"
                        : "; each input moves the estimate up or down from there.</figcaption>\n")
                .raw("<svg class=\"chart\" viewBox=\"0 0 360 ").text(Integer.toString(height))
                .raw("\" role=\"img\" aria-labelledby=\"chart-title\" xmlns=\"http://www.w3.org/2000/svg\">\n")
                .raw("<title id=\"chart-title\">");
        var summary = new StringBuilder();
        for (Prediction.Contribution contribution : contributions) {
            Feature feature = model.schema().feature(contribution.feature()).orElseThrow();
            summary.append(label(feature)).append(' ').append(contributionText(model, feature, input, contribution,
                    log)).append("; ");
        }
        html.text("Contributions to the estimate: " + summary.toString().replaceAll("; $", "")).raw("</title>\n");
        for (int i = 0; i < contributions.size(); i++) {
            Prediction.Contribution contribution = contributions.get(i);
            Feature feature = model.schema().feature(contribution.feature()).orElseThrow();
            double length = Math.max(1, Math.abs(contribution.amount()) / largest * reach);
            boolean up = contribution.amount() >= 0;
            int y = i * rowHeight;
            html.raw("<text class=\"bar-label\" x=\"0\" y=\"").text(Integer.toString(y + 15)).raw("\">")
                    .text(label(feature)).raw("</text>\n")
                    .raw("<text class=\"bar-value\" x=\"").text(fixed(width)).raw("\" y=\"")
                    .text(Integer.toString(y + 15)).raw("\" text-anchor=\"end\">")
                    .text(contributionText(model, feature, input, contribution, log)).raw("</text>\n")
                    .raw("<rect class=\"").raw(up ? "bar-up" : "bar-down").raw("\" x=\"")
                    .text(fixed(up ? zero : zero - length)).raw("\" y=\"").text(Integer.toString(y + 22))
                    .raw("\" width=\"").text(fixed(length)).raw("\" height=\"16\"/>\n");
        }
        html.raw("<line class=\"axis\" x1=\"").text(fixed(zero)).raw("\" y1=\"20\" x2=\"").text(fixed(zero))
                .raw("\" y2=\"").text(Integer.toString(height)).raw("\"/>\n");
        html.raw("</svg>\n</figure>\n");
    }

    /**
     * A contribution as the chart writes it: an amount in the target's unit, or on the log scale the percentage
     * the input changes the estimate by, 100·(exp(c) − 1), and for a category the level it is for: "+16.9% for
     * Prof". StrictMath, the same exp as a browser's, so that page.js writes the same digits.
     */
    private static String contributionText(ModelMetadata model, Feature feature, FormInput input,
                                           Prediction.Contribution contribution, boolean log) {
        if (!log) {
            return signedAmount(model, contribution.amount());
        }
        String text = signedPercent(100 * (StrictMath.exp(contribution.amount()) - 1));
        if (feature.isCategorical()) {
            Object level = input.values().map(values -> values.get(feature.name())).orElse(null);
            text += " for " + (level != null ? level : feature.level((int) feature.missing().value()));
        }
        return text;
    }

    /** A change in percent, signed and to one decimal, rounded half away from zero as Intl.NumberFormat rounds. */
    static String signedPercent(double percent) {
        BigDecimal rounded = new BigDecimal(Math.abs(percent)).setScale(1, RoundingMode.HALF_UP);
        var format = java.text.NumberFormat.getNumberInstance(Locale.US);
        format.setMinimumFractionDigits(1);
        format.setMaximumFractionDigits(1);
        return (percent < 0 && rounded.signum() != 0 ? "\u2212" : "+") + format.format(rounded) + "%";
    }

    /** What the estimate of a model of the log of its target is. */
    private static String medianNote(ModelMetadata model) {
        return "This is the median: the model estimates the logarithm of " + words(model.target().name())
                + ", so as many cases like this one are expected above this amount as below it, in "
                + model.target().unit() + ".";
    }

    private static void about(Html html, ModelMetadata model, ApprovalStatus approval,
                              List<DriftReport.Quantity> drifted) {
        var metrics = model.metrics();
        var cv = metrics.crossValidation();
        html.raw("<section class=\"about\" id=\"about\">\n<h2>About this model</h2>\n");
        if (!drifted.isEmpty()) {
            var named = drifted.stream().map(feature -> words(feature.name()) + " (PSI "
                    + String.format(Locale.ROOT, "%.2f", feature.psi()) + ")").toList();
            html.raw("<p class=\"drift-warning\" id=\"drift-warning\">").text("Recent inputs differ from the"
                    + " training data: " + String.join(", ", named) + ". Estimates for such inputs may be off.")
                    .raw("</p>\n");
        }
        html.raw("<dl>\n")
                .raw("<dt>Model</dt><dd>").text(model.name()).raw(" version ").text(model.version()).raw("</dd>\n");
        approval(html, approval);
        html.raw("<dt>Method</dt><dd>").text(Algorithm.of(model.algorithm()).displayName()).raw("</dd>\n");
        String trainedAt = model.provenance().trainedAt();
        if (trainedAt != null) {
            html.raw("<dt>Trained</dt><dd>").text(trainedAt.substring(0, Math.min(10, trainedAt.length()))).raw("</dd>\n");
        }
        html.raw("<dt>Learned from</dt><dd>").text(String.format(Locale.US, "%,d", model.trainingData().rows()))
                .raw(" rows of ").text(model.trainingData().file()).raw("</dd>\n")
                .raw("<dt>Typical error on new data</dt><dd>").text(amount(model, cv.rmse()))
                .raw(" (cross-validated RMSE; MAE ").text(amount(model, cv.mae())).raw(", R² ")
                .text(String.format(Locale.ROOT, "%.2f", cv.rSquared())).raw("; ").text(cvMethod(cv))
                .raw(")</dd>\n")
                .raw("<dt>Fit on its own data</dt><dd>R² ").text(String.format(Locale.ROOT, "%.2f", metrics.rSquared()))
                .raw(", adjusted R² ").text(String.format(Locale.ROOT, "%.2f", metrics.adjustedRSquared()))
                .raw(", RMSE ").text(amount(model, metrics.rmse())).raw(", MAE ").text(amount(model, metrics.mae()))
                .raw("</dd>\n")
                .raw("<dt>Training ranges</dt><dd><ul class=\"ranges\">\n");
        for (int i = 0; i < model.schema().size(); i++) {
            Feature feature = model.schema().features().get(i);
            var stats = model.statsOf(i);
            if (feature.isCategorical()) {
                // A category has no range: its levels, each with its share of the training rows.
                double[] shares = stats.levelShares();
                var levels = new java.util.ArrayList<String>();
                for (int level = 0; level < shares.length; level++) {
                    levels.add(feature.level(level) + " " + String.format(Locale.ROOT, "%.0f", 100 * shares[level])
                            + "%");
                }
                html.raw("<li>").text(label(feature)).raw(": ").text(String.join(", ", levels)).raw("</li>\n");
                continue;
            }
            html.raw("<li>").text(label(feature)).raw(": ").text(plain(stats.min())).raw(" to ")
                    .text(plain(stats.max())).raw(" ").text(feature.unit()).raw("</li>\n");
        }
        html.raw("</ul></dd>\n</dl>\n");
        coefficients(html, model);
        html.raw("<p class=\"caveat\">An estimate learned from ")
                .text(String.format(Locale.US, "%,d", model.trainingData().rows()))
                .raw(" rows of past data: use it as one input among others, not as a decision. The data may carry"
                        + " past bias.</p>\n</section>\n");
    }

    /**
     * Who approved the model file and when, or, in development, that nobody's approval was checked; and the
     * file's SHA-256, by which every stage can tell it is the same file.
     */
    private static void approval(Html html, ApprovalStatus approval) {
        if (approval instanceof ApprovalStatus.Approved approved) {
            html.raw("<dt>Approved by</dt><dd id=\"approval\">").text(approved.approval().signer())
                    .raw(", signed ").text(SIGNED_AT.format(approved.approval().signedAt())).raw("</dd>\n")
                    .raw("<dt>Approver\u2019s key</dt><dd class=\"digest\" id=\"approval-key\">")
                    .text(approved.approval().keyFingerprint()).raw("</dd>\n");
        } else {
            html.raw("<dt>Approval</dt><dd class=\"unapproved\" id=\"approval\">").text(approval.note())
                    .raw("</dd>\n");
        }
        html.raw("<dt>Model file SHA-256</dt><dd class=\"digest\" id=\"model-sha256\">").text(approval.modelSha256())
                .raw("</dd>\n");
    }

    /** The least-squares coefficient table: how sure the data makes each effect. Absent for penalised fits. */
    private static void coefficients(Html html, ModelMetadata model) {
        if (model.coefficientStats().isEmpty()) {
            return;
        }
        // On the log scale an effect is a log ratio, not an amount in the target's unit.
        boolean log = model.target().transform() == Target.Transform.LOG;
        html.raw("<table class=\"coefficients\">\n<caption>What each input is worth, and how sure the data is"
                        + " of it").raw(log ? ", on the log scale" : "").raw("</caption>\n<thead><tr><th scope=\"col\">"
                        + "Term</th><th scope=\"col\">Effect</th><th scope=\"col\">Std. error</th>"
                        + "<th scope=\"col\">t</th><th scope=\"col\">p</th></tr></thead>\n<tbody>\n");
        for (var stats : model.coefficientStats()) {
            html.raw("<tr><th scope=\"row\">").text(term(model, stats.term())).raw("</th><td>")
                    .text(log ? logRatio(stats.estimate()) : amount(model, stats.estimate()))
                    .raw("</td><td>").text(log ? logRatio(stats.stdError()) : amount(model, stats.stdError()))
                    .raw("</td><td>")
                    .text(String.format(Locale.ROOT, "%.2f", stats.tValue())).raw("</td><td>")
                    .text(String.format(Locale.ROOT, "%.3f", stats.pValue())).raw("</td></tr>\n");
        }
        html.raw("</tbody>\n</table>\n");
    }

    /** A coefficient's term as a person reads it: "Experience", "Rank = Prof" (a level's column), "Intercept". */
    private static String term(ModelMetadata model, String term) {
        var feature = model.schema().feature(term);
        if (feature.isPresent()) {
            return label(feature.get());
        }
        int equals = term.indexOf('=');
        if (equals > 0) {
            var category = model.schema().feature(term.substring(0, equals));
            if (category.isPresent()) {
                return label(category.get()) + " = " + term.substring(equals + 1);
            }
        }
        return "Intercept";
    }

    private static String logRatio(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String cvMethod(com.salaryml.artifact.metadata.CrossValidation cv) {
        return switch (cv.method()) {
            case com.salaryml.artifact.metadata.CrossValidation.LEAVE_ONE_OUT -> "leave-one-out, " + cv.folds() + " fits";
            case com.salaryml.artifact.metadata.CrossValidation.HOLDOUT -> "on held-out rows";
            default -> cv.folds() + "-fold";
        };
    }

    private static String signedAmount(ModelMetadata model, double value) {
        return (value < 0 ? "\u2212" : "+") + amount(model, Math.abs(value));
    }

    private static String percent(double level) {
        return BigDecimal.valueOf(level * 100).stripTrailingZeros().toPlainString() + "%";
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** {@code unit_price} reads as "Unit price". */
    static String label(Feature feature) {
        String words = words(feature.name());
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** {@code unit_price} reads as "unit price" in a sentence. */
    static String words(String name) {
        return name.replace('_', ' ');
    }

    /** The page's title and heading, after the model's target: "Price estimate" for a target named price. */
    static String title(ModelMetadata model) {
        String target = words(model.target().name());
        return Character.toUpperCase(target.charAt(0)) + target.substring(1) + " estimate";
    }

    /** {@code value} in the target's unit, as {@link UnitFormat} writes it and page.js mirrors it. */
    static String amount(ModelMetadata model, double value) {
        return UnitFormat.of(model.target().unit()).format(value);
    }

    /** "a", "a and b", "a, b and c". */
    private static String series(java.util.List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
