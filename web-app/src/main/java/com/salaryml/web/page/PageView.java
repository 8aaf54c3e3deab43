package com.salaryml.web.page;

import com.salaryml.artifact.Feature;
import com.salaryml.artifact.ModelMetadata;
import com.salaryml.artifact.Prediction;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Locale;

/** Renders the salary page. Every value that came from a request or a model file is escaped by {@link Html}. */
final class PageView {

    private PageView() {
    }

    static String render(ModelMetadata model, FormInput input, Prediction prediction) {
        var html = new Html();
        head(html, input.errors().isEmpty() ? "Salary estimate" : "Error: Salary estimate");
        html.raw("<main>\n<h1>Salary estimate</h1>\n")
                .raw("<p class=\"lede\">Estimate a salary from experience and assessment scores.</p>\n");
        if (!input.errors().isEmpty()) {
            errorSummary(html, model, input);
        }
        form(html, model, input);
        if (prediction != null) {
            result(html, model, prediction);
        }
        about(html, model);
        html.raw("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    static String unavailable() {
        var html = new Html();
        head(html, "Salary estimate unavailable");
        html.raw("<main>\n<h1>Salary estimate</h1>\n")
                .raw("<p class=\"error-summary\" role=\"alert\">The salary model is not loaded, so no estimate"
                        + " can be made right now. Please try again later.</p>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void head(Html html, String title) {
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<title>").text(title).raw("</title>\n")
                .raw("<link rel=\"stylesheet\" href=\"salary.css\">\n</head>\n<body>\n");
    }

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

    private static void form(Html html, ModelMetadata model, FormInput input) {
        html.raw("<form method=\"get\" action=\"./\" novalidate>\n");
        for (Feature feature : model.schema().features()) {
            String name = feature.name();
            String error = input.errors().get(name);
            html.raw("<div class=\"field").raw(error == null ? "" : " field-invalid").raw("\">\n")
                    .raw("<label").attr("for", name).raw(">").text(label(feature)).raw("</label>\n")
                    .raw("<p class=\"help\"").attr("id", name + "-help").raw(">").text(feature.description())
                    .raw(", ").text(feature.rangeText()).raw("</p>\n");
            if (error != null) {
                html.raw("<p class=\"field-error\"").attr("id", name + "-error").raw(">").text(error).raw("</p>\n");
            }
            html.raw("<input type=\"number\" inputmode=\"decimal\" required")
                    .attr("id", name).attr("name", name)
                    .attr("min", plain(feature.min())).attr("max", plain(feature.max())).attr("step", "any")
                    .attr("value", input.typed().getOrDefault(name, ""))
                    .attr("aria-describedby", error == null ? name + "-help" : name + "-error " + name + "-help");
            if (error != null) {
                html.attr("aria-invalid", "true");
            }
            html.raw(">\n</div>\n");
        }
        html.raw("<button type=\"submit\">Estimate salary</button>\n</form>\n");
    }

    private static void result(Html html, ModelMetadata model, Prediction prediction) {
        html.raw("<section class=\"result\" aria-live=\"polite\" id=\"result\">\n")
                .raw("<h2>Estimated ").text(model.target().name()).raw("</h2>\n")
                .raw("<p class=\"estimate\" id=\"estimate\">").text(money(prediction.value())).raw("</p>\n")
                .raw("<p class=\"model-version\">Model ").text(prediction.modelName()).raw(" version ")
                .text(prediction.modelVersion()).raw("</p>\n</section>\n");
    }

    private static void about(Html html, ModelMetadata model) {
        var metrics = model.metrics();
        html.raw("<section class=\"about\">\n<h2>About this model</h2>\n<dl>\n")
                .raw("<dt>Model</dt><dd>").text(model.name()).raw(" version ").text(model.version()).raw("</dd>\n")
                .raw("<dt>Method</dt><dd>").text(algorithmName(model.algorithm())).raw("</dd>\n")
                .raw("<dt>Learned from</dt><dd>").text(String.format(Locale.US, "%,d", model.trainingData().rows()))
                .raw(" past hires (").text(model.trainingData().file()).raw(")</dd>\n")
                .raw("<dt>Fit on that data</dt><dd>R² ").text(String.format(Locale.ROOT, "%.3f", metrics.rSquared()))
                .raw(", typical error ").text(money(metrics.rmse())).raw(" (RMSE)</dd>\n")
                .raw("</dl>\n<p class=\"caveat\">An estimate from a small set of past hires: use it as one input"
                        + " among others, not as a decision.</p>\n</section>\n");
    }

    private static String algorithmName(String algorithm) {
        return switch (algorithm) {
            case "ols" -> "Linear regression (ordinary least squares)";
            case "ridge" -> "Linear regression (ridge)";
            case "lasso" -> "Linear regression (lasso)";
            default -> algorithm;
        };
    }

    /** {@code test_score} reads as "Test score". */
    static String label(Feature feature) {
        String words = feature.name().replace('_', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static String money(double value) {
        return NumberFormat.getCurrencyInstance(Locale.US).format(value);
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
