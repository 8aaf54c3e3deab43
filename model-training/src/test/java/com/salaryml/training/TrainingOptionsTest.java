package com.salaryml.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingOptionsTest {

    private static final Path HOME = Path.of("/srv/salary");

    @Test
    void defaultsAreResolvedAgainstTheProjectHome() throws Exception {
        var options = TrainingOptions.parse(List.of(), HOME);

        assertWhereAndWhat(options, "/srv/salary/data/hiring.csv", "/srv/salary/models", "1.0.0", false);
    }

    @Test
    void parsesEveryOption() throws Exception {
        var options = TrainingOptions.parse(
                List.of("--overwrite", "--version", "2.0.0+build.7", "--out", "a/../out", "--data", "d.csv"), HOME);

        assertWhereAndWhat(options, "d.csv", "out", "2.0.0+build.7", true);
    }

    @Test
    void fitAndGateDefaultToTheBuiltInSettings() throws Exception {
        var options = TrainingOptions.parse(List.of(), HOME);

        assertThat(options.fit()).isEqualTo(new FitSettings(Algorithm.OLS, 1.0, 10, 42));
        assertThat(options.gate()).isEqualTo(new ApprovalGate(0.1, 0.95));
        assertThat(options.gate().maxCvRmse()).as("no absolute limit unless set").isEmpty();
        assertThat(options.compareTo()).isNull();
        assertThat(options.compareFamilies()).isFalse();
        assertThat(options.recorded()).containsExactly(entry("algorithm", "ols"), entry("cv.folds", "10"),
                entry("cv.seed", "42"), entry("data", "data/hiring.csv"),
                entry("gate.max_relative_cv_rmse", "0.95"), entry("gate.min_cv_r2", "0.1"),
                entry("monitoring.bins", "10"), entry("version", "1.0.0"));
    }

    @Test
    void theNumberOfMonitoringBinsIsASettingWithinItsRange(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("twenty.properties"), "monitoring.bins=20\n");
        Path bad = Files.writeString(dir.resolve("none.properties"), "monitoring.bins=0\n");

        assertThat(TrainingOptions.parse(List.of("--config", config.toString()), HOME).fit().bins()).isEqualTo(20);
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--config", bad.toString()), HOME))
                .hasMessageContaining("monitoring.bins");
    }

    @Test
    void parsesTheFitGateAndComparisonOptions() throws Exception {
        var options = TrainingOptions.parse(List.of("--algorithm", "RIDGE", "--lambda", "2.5", "--folds", "5",
                "--seed", "-7", "--min-cv-r2", "0.6", "--max-relative-cv-rmse", "0.8", "--max-cv-rmse", "8000",
                "--compare-to", "old.json"), HOME);

        assertThat(options.fit()).isEqualTo(new FitSettings(Algorithm.RIDGE, 2.5, 5, -7));
        assertThat(options.gate()).isEqualTo(new ApprovalGate(0.6, 0.8, OptionalDouble.of(8000)));
        assertThat(options.compareTo()).isEqualTo(Path.of("old.json"));
        assertThat(options.recorded()).containsEntry("algorithm", "ridge").containsEntry("lambda", "2.5")
                .containsEntry("cv.folds", "5").containsEntry("cv.seed", "-7").containsEntry("gate.min_cv_r2", "0.6")
                .containsEntry("gate.max_relative_cv_rmse", "0.8").containsEntry("gate.max_cv_rmse", "8000.0");
    }

    @Test
    void readsTheConfigurationFileInTheProjectAndLetsTheCommandLineOverrideIt(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("training.properties"),
                "algorithm = lasso\nlambda=3\ncv.seed=9\ngate.min_cv_r2=0.7\n# a comment\n");

        var fromFile = TrainingOptions.parse(List.of(), home);
        var overridden = TrainingOptions.parse(List.of("--algorithm", "ols", "--min-cv-r2", "0.1"), home);

        assertThat(fromFile.fit()).isEqualTo(new FitSettings(Algorithm.LASSO, 3, 10, 9));
        assertThat(fromFile.gate()).isEqualTo(new ApprovalGate(0.7, 0.95));
        assertThat(overridden.fit()).isEqualTo(new FitSettings(Algorithm.OLS, 3, 10, 9));
        assertThat(overridden.gate()).isEqualTo(new ApprovalGate(0.1, 0.95));
        assertThat(overridden.recorded()).doesNotContainKey("lambda");
    }

    @Test
    void theProjectsConfigurationHoldsTheBuiltInGateWithNoAbsoluteLimitAndAnEmptyValueMeansNone(@TempDir Path home)
            throws Exception {
        var project = TrainingOptions.parse(List.of(), Path.of(".."));
        Files.writeString(home.resolve("training.properties"), "gate.max_cv_rmse =\n");
        Path limited = Files.writeString(home.resolve("limited.properties"), "gate.max_cv_rmse = 12.5\n");

        assertThat(project.gate()).isEqualTo(new ApprovalGate(ApprovalGate.DEFAULT_MIN_CV_R2,
                ApprovalGate.DEFAULT_MAX_RELATIVE_CV_RMSE));
        assertThat(TrainingOptions.parse(List.of(), home).gate().maxCvRmse()).isEmpty();
        assertThat(TrainingOptions.parse(List.of("--config", limited.toString()), home).gate().maxCvRmse())
                .hasValue(12.5);
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineReplacesTheProjectOne(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("training.properties"), "gate.min_cv_r2=0.7\n");
        Path other = Files.writeString(home.resolve("strict.properties"), "gate.max_cv_rmse=500\n");

        var options = TrainingOptions.parse(List.of("--config", other.toString()), home);

        assertThat(options.gate()).isEqualTo(new ApprovalGate(0.1, 0.95, OptionalDouble.of(500)));
    }

    @Test
    void rejectsAnUnknownSettingInTheConfigurationFileNamingItAndTheFile(@TempDir Path home) throws Exception {
        Path config = Files.writeString(home.resolve("training.properties"), "cv.fold=5\n");

        assertThatThrownBy(() -> TrainingOptions.parse(List.of(), home))
                .isInstanceOf(TrainingOptions.UsageException.class)
                .hasMessageStartingWith(config + " line 1: unknown setting 'cv.fold'")
                .hasMessageContaining("cv.folds");
    }

    @Test
    void readsTheHoldoutSettingsAndRejectsThoseThatMakeNoSenseNamingTheSetting(@TempDir Path home) throws Exception {
        Path config = Files.writeString(home.resolve("training.properties"),
                "cv.holdout_above_rows=5000\ncv.holdout_share=0.2\n");
        assertThat(TrainingOptions.parse(List.of(), home).fit().holdout())
                .isEqualTo(new FitSettings.Holdout(5_000, 0.2));

        for (String share : List.of("0", "1", "1.5", "-0.1", "NaN")) {
            Files.writeString(config, "# the holdout\ncv.holdout_share=" + share + "\n");
            assertThatThrownBy(() -> TrainingOptions.parse(List.of(), home)).as(share)
                    .isInstanceOf(TrainingOptions.UsageException.class)
                    .hasMessageStartingWith("cv.holdout_share must be")
                    .hasMessageContaining(config + " line 2");
        }
        Files.writeString(config, "cv.holdout_share=1\n");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of(), home))
                .isInstanceOf(TrainingOptions.UsageException.class)
                .hasMessage("cv.holdout_share must be above 0 and below 1, the share of rows held out, was 1 ("
                        + config + " line 1)");
        Files.writeString(config, "cv.holdout_above_rows=-1\n");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of(), home))
                .isInstanceOf(TrainingOptions.UsageException.class)
                .hasMessage("cv.holdout_above_rows must be at least 0, was -1 (" + config + " line 1)");
        Files.writeString(config, "cv.holdout_above_rows=many\n");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of(), home))
                .isInstanceOf(TrainingOptions.UsageException.class)
                .hasMessage("cv.holdout_above_rows must be a whole number, was \"many\" (" + config + " line 1)");
    }

    @Test
    void rejectsAMissingConfigurationFileNamedOnTheCommandLine(@TempDir Path home) {
        Path missing = home.resolve("nowhere.properties");

        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--config", missing.toString()), home))
                .isInstanceOf(TrainingOptions.UsageException.class)
                .hasMessageContaining("cannot read the training configuration " + missing);
    }

    @Test
    void rejectsSettingsThatMakeNoSense(@TempDir Path home) throws Exception {
        assertUsage(List.of("--algorithm", "xgboost"),
                "unknown algorithm 'xgboost'; choose one of ols, ridge, lasso, gbm, random-forest"
                        + " (--algorithm on the command line)");
        assertUsage(List.of("--lambda", "0"), "lambda must be a positive number");
        assertUsage(List.of("--lambda", "ten"), "lambda must be a number, was \"ten\"");
        assertUsage(List.of("--folds", "1"), "cv.folds must be between 2 and 100, was 1 (--folds on the command line)");
        assertUsage(List.of("--folds", "101"), "between 2 and 100");
        assertUsage(List.of("--seed", "4.2"), "cv.seed must be a whole number, was \"4.2\"");
        assertUsage(List.of("--min-cv-r2", "NaN"), "gate.min_cv_r2 must be a number");
        assertUsage(List.of("--min-cv-r2", "1.5"), "gate.min_cv_r2 must be at most 1, a perfect fit, was 1.5");
        assertUsage(List.of("--max-relative-cv-rmse", "0"), "gate.max_relative_cv_rmse must be positive (about 1 is"
                + " no better than the mean), was 0 (--max-relative-cv-rmse on the command line)");
        assertUsage(List.of("--max-cv-rmse", "0"), "gate.max_cv_rmse must be positive, or empty for no absolute"
                + " limit, was 0 (--max-cv-rmse on the command line)");
        Files.writeString(home.resolve("training.properties"), "# the gate\n\ngate.max_cv_rmse=lots\n");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of(), home))
                .isInstanceOf(TrainingOptions.UsageException.class)
                .hasMessage("gate.max_cv_rmse must be a number, was \"lots\" ("
                        + home.resolve("training.properties") + " line 3)");
    }

    @Test
    void theTreeEnsemblesHaveTheirOwnSettingsWithDefaults() throws Exception {
        var options = TrainingOptions.parse(List.of("--algorithm", "gbm"), HOME);

        assertThat(options.fit()).isEqualTo(new FitSettings(Algorithm.GBM, 1.0, 10, 42));
        // The number of trees and the depth are left to cross-validation, up to 1000 trees of depth 6.
        assertThat(options.fit().trees()).isEqualTo(new TreeSettings(1000, 6, 32, 5, 0.1, 0.7, 0, 42, true, true));
        assertThat(options.recorded()).containsEntry("algorithm", "gbm").containsEntry("gbm.trees", "auto")
                .containsEntry("gbm.max_depth", "auto").containsEntry("gbm.max_nodes", "32")
                .containsEntry("gbm.node_size", "5").containsEntry("gbm.shrinkage", "0.1")
                .containsEntry("gbm.subsample", "0.7").containsEntry("gbm.seed", "42")
                .doesNotContainKeys("lambda", "random_forest.trees");
        assertThat(TrainingOptions.parse(List.of("--algorithm", "random-forest"), HOME).fit().trees())
                .isEqualTo(new TreeSettings(100, 12, 128, 10, 1, 1, 0, 42));
    }

    @Test
    void treeSettingsComeFromTheFileAndTheCommandLineSetsTheChosenEnsemblesOnes(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("training.properties"), """
                algorithm=random-forest
                gbm.trees=50
                random_forest.trees=40
                random_forest.mtry=2
                random_forest.seed=7
                """);

        var forest = TrainingOptions.parse(List.of("--max-depth", "8", "--subsample", "0.5"), home);
        var boosting = TrainingOptions.parse(List.of("--shrinkage", "0.1", "--algorithm", "gbm", "--trees", "60",
                "--tree-seed", "9"), home);

        assertThat(forest.fit().trees()).isEqualTo(new TreeSettings(40, 8, 128, 10, 1, 0.5, 2, 7));
        assertThat(forest.recorded()).containsEntry("random_forest.max_depth", "8")
                .containsEntry("random_forest.mtry", "2").doesNotContainKey("gbm.trees");
        // A number fixes the trees; the depth is still left to cross-validation.
        assertThat(boosting.fit().trees()).isEqualTo(new TreeSettings(60, 6, 32, 5, 0.1, 0.7, 0, 9, false, true));
        assertThat(boosting.recorded()).containsEntry("gbm.trees", "60").containsEntry("gbm.max_depth", "auto");
        assertThat(TrainingOptions.parse(List.of("--algorithm", "gbm", "--max-depth", "3"), home).fit().trees())
                .isEqualTo(new TreeSettings(50, 3, 32, 5, 0.1, 0.7, 0, 42));
        assertThat(boosting.fit().forest()).isEqualTo(new TreeSettings(40, 12, 128, 10, 1, 1, 2, 7));
    }

    @Test
    void rejectsTreeSettingsThatMakeNoSenseNamingTheSettingAndWhereItCameFrom(@TempDir Path home) throws Exception {
        assertUsage(List.of("--algorithm", "gbm", "--trees", "0"),
                "gbm.trees must be auto (chosen by cross-validation) or a whole number between 1 and 5000, was 0"
                        + " (--trees on the command line)");
        assertUsage(List.of("--algorithm", "gbm", "--trees", "Auto"),
                "gbm.trees must be auto (chosen by cross-validation) or a whole number between 1 and 5000, was Auto");
        assertUsage(List.of("--algorithm", "random-forest", "--trees", "auto"), "random_forest.trees must be a whole"
                + " number; auto is for gbm, whose held-out error rises again with too many or too deep trees, where a"
                + " forest's only levels off, was auto (--trees on the command line)");
        assertUsage(List.of("--algorithm", "random-forest", "--max-depth", "auto"), "random_forest.max_depth must be"
                + " a whole number; auto is for gbm"); 
        assertUsage(List.of("--algorithm", "gbm", "--shrinkage", "1.5"),
                "gbm.shrinkage must be greater than 0 and at most 1, was 1.5 (--shrinkage on the command line)");
        assertUsage(List.of("--algorithm", "random-forest", "--subsample", "0"),
                "random_forest.subsample must be greater than 0 and at most 1, was 0");
        assertUsage(List.of("--algorithm", "gbm", "--max-depth", "1"),
                "gbm.max_depth must be auto (chosen by cross-validation) or a whole number between 2 and 32, was 1");
        assertUsage(List.of("--algorithm", "gbm", "--max-nodes", "many"),
                "gbm.max_nodes must be a whole number, was \"many\" (--max-nodes on the command line)");
        assertUsage(List.of("--algorithm", "gbm", "--tree-seed", "-1"), "gbm.seed must be between 0 and 9007199254740992");
        assertUsage(List.of("--trees", "10"), "--trees sets a tree ensemble's trees, but the algorithm is ols;"
                + " add --algorithm gbm or --algorithm random-forest");
        assertUsage(List.of("--algorithm", "random-forest", "--shrinkage", "0.1"),
                "--shrinkage is not a setting of random-forest (only of gbm)");
        assertUsage(List.of("--algorithm", "gbm", "--mtry", "2"), "--mtry is not a setting of gbm (only of random-forest)");

        Path config = Files.writeString(home.resolve("training.properties"),
                "algorithm=ols\n# boosting\ngbm.node_size = \\\n    0\nrandom_forest.shrinkage=0.1\n");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of(), home))
                .isInstanceOf(TrainingOptions.UsageException.class)
                .hasMessageStartingWith(config + " line 5: unknown setting 'random_forest.shrinkage'");
        Files.writeString(config, "algorithm=ols\n# boosting\ngbm.node_size = \\\n    0\n");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of(), home))
                .isInstanceOf(TrainingOptions.UsageException.class)
                .hasMessage("gbm.node_size must be at least 1, was 0 (" + config + " line 3)");
    }

    @Test
    void comparingFamiliesIsAskedFor() throws Exception {
        assertThat(TrainingOptions.parse(List.of("--compare-families"), HOME).compareFamilies()).isTrue();
    }

    @Test
    void theDatabaseIsOneSourceOfDataSelectedByTimeAndVersionWithNoCredentialsInItsUrl() throws Exception {
        String url = "jdbc:postgresql://db.example:5432/salary";
        var options = TrainingOptions.parse(List.of("--from-database", url, "--predicted-from", "2026-11-01",
                "--predicted-to", "2026-12-01T01:00:00+01:00", "--model-version", "1.0.0", "--model-version",
                "1.1.0"), HOME);

        assertThat(options.fromDatabase()).isEqualTo(new DatabaseSelection(url,
                java.time.Instant.parse("2026-11-01T00:00:00Z"), java.time.Instant.parse("2026-12-01T00:00:00Z"),
                List.of("1.0.0", "1.1.0")));
        assertThat(options.fromDatabase().query()).endsWith(" WHERE p.predicted_at >= ? AND p.predicted_at < ?"
                + " AND p.model_version IN (?, ?) ORDER BY outcome_key COLLATE \"C\", instance_index");
        assertThat(options.recorded()).contains(entry("from_database", url),
                entry("from_database.predicted_from", "2026-11-01T00:00:00Z"),
                entry("from_database.predicted_to", "2026-12-01T00:00:00Z"),
                entry("from_database.model_version", "1.0.0,1.1.0")).doesNotContainKey("data");
        assertThat(TrainingOptions.parse(List.of("--from-database", url), HOME).recorded())
                .contains(entry("from_database.selection", "any time, any model version"));

        assertUsage(List.of("--from-database", url, "--data", "d.csv"),
                "--data and --from-database both name the training data; give one");
        assertUsage(List.of("--from-database", url, "--from-log", "p.jsonl", "--outcomes", "o.jsonl"),
                "--from-log and --from-database both name the training data; give one");
        assertUsage(List.of("--model-version", "1.0.0"),
                "--model-version selects rows of the database; give it with --from-database URL");
        assertUsage(List.of("--from-database", url, "--predicted-from", "last week"),
                "--predicted-from \"last week\" is neither an ISO-8601 instant");
        assertUsage(List.of("--from-database", url, "--predicted-from", "2026-12-01", "--predicted-to", "2026-11-01"),
                "is not before --predicted-to");
        assertUsage(List.of("--from-database", url, "--model-version", "1.0 beta"),
                "--model-version \"1.0 beta\" is not a model version");
        assertUsage(List.of("--from-database", "jdbc:mysql://db/salary"), "is not a PostgreSQL JDBC URL");
        assertUsage(List.of("--from-database", url + "?sslpassword=secret"),
                "the URL holds a password (sslpassword=...); give it in the environment variable"
                        + " SALARY_DATABASE_PASSWORD");
    }

    private static void assertUsage(List<String> args, String message) {
        assertThatThrownBy(() -> TrainingOptions.parse(args, HOME)).as(args.toString())
                .isInstanceOf(TrainingOptions.UsageException.class).hasMessageContaining(message);
    }

    @Test
    void helpReturnsNoOptions() throws Exception {
        assertThat(TrainingOptions.parse(List.of("--version", "1", "--help"), HOME)).isNull();
        assertThat(TrainingOptions.parse(List.of("-h"), HOME)).isNull();
    }

    @Test
    void rejectsUnsafeOrMalformedVersions() {
        for (String version : List.of("../x", "a/b", ".hidden", "1 0", "x".repeat(65), "")) {
            assertThatThrownBy(() -> TrainingOptions.parse(List.of("--version", version), HOME))
                    .as(version)
                    .isInstanceOf(TrainingOptions.UsageException.class)
                    .hasMessageContaining("is not a valid version");
        }
    }

    @Test
    void rejectsAnOptionWithoutItsValue() {
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--version", "--overwrite"), HOME))
                .isInstanceOf(TrainingOptions.UsageException.class).hasMessage("--version needs a value");
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--out"), HOME))
                .isInstanceOf(TrainingOptions.UsageException.class).hasMessage("--out needs a value");
    }

    @Test
    void theCsvIsCommaSeparatedWithDecimalPointsUnlessToldOtherwise() throws Exception {
        var options = TrainingOptions.parse(List.of(), HOME);

        assertThat(options.csv()).isEqualTo(new CsvFormat(CsvFormat.Delimiter.COMMA, false));
        assertThat(options.quiet()).isFalse();
    }

    @Test
    void parsesTheCsvFormatAndRecordsItWhenItIsNotTheDefault() throws Exception {
        var options = TrainingOptions.parse(List.of("--delimiter", "semicolon", "--decimal-comma", "--quiet"), HOME);

        assertThat(options.csv()).isEqualTo(new CsvFormat(CsvFormat.Delimiter.SEMICOLON, true));
        assertThat(options.quiet()).isTrue();
        assertThat(options.recorded()).containsEntry("csv.delimiter", "semicolon")
                .containsEntry("csv.decimal_comma", "true");
        assertThat(TrainingOptions.parse(List.of("--delimiter", ","), HOME).recorded())
                .doesNotContainKeys("csv.delimiter", "csv.decimal_comma");
    }

    @Test
    void aDelimiterIsGivenByNameOrAsItself() throws Exception {
        for (String text : List.of("semicolon", "Semicolon", ";")) {
            assertThat(TrainingOptions.parse(List.of("--delimiter", text), HOME).csv().delimiter()).as(text)
                    .isEqualTo(CsvFormat.Delimiter.SEMICOLON);
        }
        for (String text : List.of("tab", "TAB", "\t", "\\t")) {
            assertThat(TrainingOptions.parse(List.of("--delimiter", text), HOME).csv().delimiter()).as(text)
                    .isEqualTo(CsvFormat.Delimiter.TAB);
        }
        assertThat(TrainingOptions.parse(List.of("--delimiter", "comma"), HOME).csv().delimiter())
                .isEqualTo(CsvFormat.Delimiter.COMMA);
    }

    @Test
    void rejectsADelimiterItCannotRead() {
        assertUsage(List.of("--delimiter", "|"), "--delimiter \"|\" is not a delimiter; choose one of comma,"
                + " semicolon, tab (or ',', ';')");
        assertUsage(List.of("--delimiter", ";;"), "--delimiter \";;\" is not a delimiter");
        assertUsage(List.of("--delimiter", "\u00A0"), "--delimiter \"\\u00A0\" is not a delimiter");
        assertUsage(List.of("--delimiter"), "--delimiter needs a value");
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> TrainingOptions.parse(List.of("--epochs", "3"), HOME))
                .isInstanceOf(TrainingOptions.UsageException.class).hasMessage("unknown option '--epochs'");
    }

    /** The data, the output folder, the version and whether to overwrite are these. */
    private static void assertWhereAndWhat(TrainingOptions options, String data, String out, String version,
                                           boolean overwrite) {
        assertThat(options.data()).isEqualTo(Path.of(data));
        assertThat(options.out()).isEqualTo(Path.of(out));
        assertThat(options.version()).isEqualTo(version);
        assertThat(options.overwrite()).isEqualTo(overwrite);
    }
}
