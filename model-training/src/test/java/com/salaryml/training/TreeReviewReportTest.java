package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.salaryml.artifact.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review report of a tree ensemble: the trees, their interval, what drives them, and their shape per feature. */
class TreeReviewReportTest {

    private static Dataset data;
    private static Model gbm;
    private static String report;

    @BeforeAll
    static void train(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nonlinear.csv");
        GenerateCommand.write(file, 1500, 9, GenerateCommand.Truth.NONLINEAR);
        data = Fits.read(file);
        gbm = Fits.fit(data, "1.0.0", new FitSettings(Algorithm.GBM, 1.0, 10, 42));
        report = new String(ReviewReport.render(gbm, data, new ApprovalGate(0.5, 0.95), List.of(), null), UTF_8);
    }

    @Test
    void describesTheTreesAndTheirConformalInterval() {
        // The defaults leave the number of trees and their depth to cross-validation: the report says what it chose.
        var chosen = gbm.metadata().hyperparameters();
        int trees = chosen.get("trees").intValue();
        int depth = chosen.get("max_depth").intValue();
        assertThat(trees).isBetween(1, TreeSearch.MAX_TREES);
        assertThat(depth).isBetween(TreeSearch.MIN_DEPTH, TreeSearch.MAX_DEPTH);
        assertThat(report).contains("<h2>The trees</h2>").contains("<tr><th>trees</th><td>" + trees + "</td></tr>")
                .contains("<tr><th>weight of each tree</th><td>0.1</td></tr>")
                .contains("<h2>Prediction interval</h2>").contains("95% intervals, conformal: every prediction ± $")
                .contains("absolute cross-validated residuals (cv+, in its constant-width form)")
                .containsPattern("<th>held-out coverage</th><td>9[0-9]\\.[0-9]% of the rows")
                .contains("gradient tree boosting (max_depth " + depth + ", max_nodes 32, node_size 5, search_folds 5,"
                        + " search_max_depth 6, search_max_trees 1000, seed 42, shrinkage 0.1, subsample 0.7, trees "
                        + trees + ")")
                .doesNotContain("<h2>Coefficients</h2>").doesNotContain("The relationship is assumed linear");
    }

    @Test
    void ranksTheFeaturesByMeanAbsoluteShapValueWithExperienceFirst() {
        // The non-linear truth moves salaries by up to $32,000 with experience, a few thousand with the scores.
        var importance = Explanations.importance(gbm, data.columns());

        assertThat(importance).extracting(Explanations.Importance::feature)
                .containsExactly("experience", "interview_score", "test_score");
        assertThat(report).contains("<h2>What drives the predictions</h2>").contains("mean absolute SHAP values")
                .containsPattern("<tr><td>experience</td><td>\\$[0-9,]+\\.[0-9]{2}</td><td>[0-9.]+%</td></tr>\\n"
                        + "<tr><td>interview_score</td>");
    }

    @Test
    void drawsAPartialDependencePlotPerFeatureThatFollowsTheTruth() {
        assertThat(Pattern.compile("<img alt=\"Partial dependence on ").matcher(report).results().count())
                .isEqualTo(3);
        double[][] experience = Explanations.partialDependence(gbm, data.columns(), 0);
        int last = experience.length - 1;
        int middle = last / 2;

        // Experience pays less with every year: most of the rise comes in the first half of its range.
        assertThat(experience[last][1] - experience[0][1]).isGreaterThan(15_000);
        assertThat(experience[middle][1] - experience[0][1])
                .isGreaterThan(2 * (experience[last][1] - experience[middle][1]));
        // An interview score of 7 or more pays a step.
        double[][] interview = Explanations.partialDependence(gbm, data.columns(), 2);
        double below = valueAt(interview, 6);
        double above = valueAt(interview, 7.5);
        assertThat(above - below).isGreaterThan(3_000);
    }

    @Test
    void aLinearModelsReportShowsItsImportanceButNoPartialDependence() throws Exception {
        Model ols = Fits.fit(data, "1.0.0");

        String linear = new String(ReviewReport.render(ols, data, new ApprovalGate(0.5, 0.95), List.of(), null), UTF_8);

        assertThat(linear).contains("<h2>Coefficients</h2>").contains("<h2>What drives the predictions</h2>")
                .contains("coefficient × (value − training mean)").doesNotContain("Partial dependence")
                .contains("exact for ordinary least squares");
    }

    @Test
    void aPenalisedModelOnEightRowsSaysWhyItHasNoInterval() throws Exception {
        Dataset tiny = Fits.read(Csv.HIRING);
        Model ridge = Fits.fit(tiny, "1.0.0", new FitSettings(Algorithm.RIDGE, 10, 10, 42));

        String html = new String(ReviewReport.render(ridge, tiny, new ApprovalGate(0.5, 0.95), List.of(), null), UTF_8);

        assertThat(ridge.interval()).isNull();
        assertThat(html).contains("None: with 8 rows there are too few held-out residuals for a 95% conformal"
                + " interval (it needs at least 19).");
    }

    private static double valueAt(double[][] curve, double x) {
        double[] nearest = curve[0];
        for (double[] point : curve) {
            if (Math.abs(point[0] - x) < Math.abs(nearest[0] - x)) {
                nearest = point;
            }
        }
        return nearest[1];
    }
}
