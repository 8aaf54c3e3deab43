package com.salaryml.artifact;

import com.salaryml.artifact.kind.LinearModel;
import com.salaryml.artifact.kind.TreeEnsembleModel;
import com.salaryml.artifact.metadata.CoefficientStats;
import com.salaryml.artifact.metadata.CrossValidation;
import com.salaryml.artifact.metadata.FeatureStats;
import com.salaryml.artifact.metadata.Metrics;
import com.salaryml.artifact.metadata.ModelMetadata;
import com.salaryml.artifact.metadata.Provenance;
import com.salaryml.artifact.metadata.TrainingData;
import com.salaryml.artifact.schema.Feature;
import com.salaryml.artifact.schema.FeatureSchema;
import com.salaryml.artifact.schema.Missing;
import com.salaryml.artifact.schema.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Salary models for tests. {@link #SALARY} has numbers that are exact in binary, training means included, so
 * expected predictions can be written down; {@link #REFERENCE} is the least-squares fit of the reference data,
 * built by hand from {@link Reference}'s independent computation.
 */
public final class TestModels {

    public static final String SHA256 = "0123456789abcdef".repeat(4);
    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    public static final Feature EXPERIENCE = new Feature("experience", "years", "Years of professional experience", 0, 50);
    public static final Feature TEST_SCORE = new Feature("test_score", "points out of 10", "Score in the written test", 0, 10);
    public static final Feature INTERVIEW_SCORE =
            new Feature("interview_score", "points out of 10", "Score in the interview", 0, 10);

    public static final FeatureSchema SCHEMA = new FeatureSchema(List.of(EXPERIENCE, TEST_SCORE, INTERVIEW_SCORE));

    public static final Target TARGET = new Target("salary", "USD");

    /**
     * The reference data's statistics: means 4.75, 8.125 and 7.875, exact in binary, so that
     * baseline + contributions adds up without rounding for {@link #SALARY}.
     */
    public static final TrainingData TRAINING_DATA = new TrainingData("hiring.csv", SHA256, 8, referenceStats());

    /** The reference data's prediction-interval parameters, computed by {@link Reference}. */
    public static final IntervalParameters.OlsExact INTERVAL = new IntervalParameters.OlsExact(0.95, Reference.T_975_4,
            Reference.residualStdError(), Reference.DEGREES_OF_FREEDOM, Reference.xtxInverse());

    public static final Provenance PROVENANCE = new Provenance("2026-11-27T00:00:00Z", "1.0.0", "3.1.1", "17.0.15", COMMIT,
            Map.of("algorithm", "ols", "data", "data/hiring.csv", "version", "1.0.0"));

    public static final Metrics METRICS = new Metrics(0.875, 0.78125, 2500.5, 2000.25,
            new CrossValidation(CrossValidation.LEAVE_ONE_OUT, 8, null, 4000.5, 3000.25, 0.5));

    /** Plausible statistics for SALARY's terms; estimates equal to its parameters. */
    public static final List<CoefficientStats> SALARY_STATS = List.of(
            new CoefficientStats("intercept", 30000.5, 12000.5, 2.5, 0.0625),
            new CoefficientStats("experience", 2000.25, 500.5, 4.0, 0.015625),
            new CoefficientStats("test_score", 1000.125, 1000.5, 1.0, 0.375),
            new CoefficientStats("interview_score", 1500.0625, 750.25, 2.0, 0.125));

    /** 30000.5 + 2000.25 · experience + 1000.125 · test_score + 1500.0625 · interview_score. */
    public static final Model SALARY = model("1.0.0", 30000.5, 2000.25, 1000.125, 1500.0625);

    /** For experience 2, test_score 9, interview_score 6: 30000.5 + 4000.5 + 9001.125 + 9000.375. */
    public static final double REFERENCE_PREDICTION = 52002.5;

    /** The least-squares fit of the reference data, with its interval parameters and coefficient statistics. */
    public static final Model REFERENCE = reference("1.0.0");

    private TestModels() {
    }

    /** The salary model's metadata as a builder: the reference schema, data and provenance, no coefficient statistics. */
    public static ModelMetadata.Builder salary(String version, String algorithm) {
        return ModelMetadata.builder().name("salary").version(version).algorithm(algorithm).schema(SCHEMA)
                .target(TARGET).metrics(METRICS).trainingData(TRAINING_DATA).provenance(PROVENANCE);
    }

    public static Model model(String version, double intercept, double... coefficients) {
        var metadata = salary(version, "ols").coefficientStats(SALARY_STATS).build();
        return new Model(metadata, new LinearModel(intercept, coefficients), INTERVAL);
    }

    /** The same model with other training data. */
    public static Model withTrainingData(Model model, TrainingData data) {
        ModelMetadata m = model.metadata();
        var metadata = m.toBuilder().trainingData(data).build();
        return new Model(metadata, model.kind(), model.interval());
    }

    /** The reference data's least-squares model, from {@link Reference}'s numbers alone. */
    public static Model reference(String version) {
        double[] b = Reference.coefficients();
        double[][] inverse = Reference.xtxInverse();
        double s = Reference.residualStdError();
        var stats = new ArrayList<CoefficientStats>();
        List<String> terms = List.of("intercept", "experience", "test_score", "interview_score");
        for (int j = 0; j < b.length; j++) {
            double stdError = s * Math.sqrt(inverse[j][j]);
            double t = b[j] / stdError;
            stats.add(new CoefficientStats(terms.get(j), b[j], stdError, t, Reference.pValue4(t)));
        }
        var metadata = salary(version, "ols").coefficientStats(stats).build();
        return new Model(metadata, new LinearModel(b[0], new double[] {b[1], b[2], b[3]}), INTERVAL);
    }

    /** A penalised model: no interval parameters and no coefficient statistics. */
    public static Model penalized(String algorithm, double lambda, double intercept, double... coefficients) {
        var provenance = new Provenance(PROVENANCE.trainedAt(), "1.0.0", "3.1.1", "17.0.15", null,
                Map.of("algorithm", algorithm, "lambda", Double.toString(lambda), "data", "data/hiring.csv"));
        var metadata = salary("1.0.0", algorithm).hyperparameters(Map.of("lambda", lambda)).provenance(provenance)
                .build();
        return new Model(metadata, new LinearModel(intercept, coefficients), null);
    }

    /**
     * Two small trees over the salary features, with covers that add up: a gradient-boosted model with base
     * value 50000 and shrinkage 0.5.
     * <pre>
     * tree 0: experience <= 5 ? (test_score <= 8 ? 40000 : 44000) : 60000       covers 8 = (5 = 2 + 3) + 3
     * tree 1: interview_score <= 7 ? -2000 : 2000                               covers 8 = 4 + 4
     * </pre>
     */
    public static final TreeEnsembleModel TWO_TREES = new TreeEnsembleModel(50000, List.of(
            new TreeEnsembleModel.Tree(0.5,
                    new int[] {0, 1, -1, -1, -1},
                    new double[] {5, 8, 0, 0, 0},
                    new int[] {1, 3, -1, -1, -1},
                    new int[] {2, 4, -1, -1, -1},
                    new double[] {0, 0, 60000, 40000, 44000},
                    new double[] {8, 5, 3, 2, 3}),
            new TreeEnsembleModel.Tree(0.5,
                    new int[] {2, -1, -1},
                    new double[] {7, 0, 0},
                    new int[] {1, -1, -1},
                    new int[] {2, -1, -1},
                    new double[] {0, -2000, 2000},
                    new double[] {8, 4, 4})));

    /** A conformal interval: ± 5000.5 at 95 %, from 40 cross-validation residuals. */
    public static final IntervalParameters.Conformal CONFORMAL =
            new IntervalParameters.Conformal(0.95, IntervalParameters.Conformal.CV_PLUS, 5000.5, 40);

    /** {@link #TWO_TREES} as a gbm model, with a conformal interval or none. */
    public static Model gbm(TreeEnsembleModel trees, IntervalParameters interval) {
        var provenance = new Provenance(PROVENANCE.trainedAt(), "1.0.0", "3.1.1", "17.0.15", COMMIT,
                Map.of("algorithm", "gbm", "data", "data/hiring.csv"));
        var metadata = salary("2.0.0", "gbm").hyperparameters(Map.of("trees", 2.0, "shrinkage", 0.5))
                .metrics(new Metrics(0.9, 0.85, 2000.5, 1500.25, new CrossValidation(CrossValidation.K_FOLD, 5, 7L,
                        3000.5, 2500.25, 0.75, 0.95, 10001.0)))
                .provenance(provenance).build();
        return new Model(metadata, trees, interval);
    }

    /** Academic rank: a category of three levels, refused when missing. */
    public static final Feature RANK = Feature.categorical("rank", "Academic rank",
            List.of("AsstProf", "AssocProf", "Prof"), 2, Missing.REFUSE);

    /** Discipline: a category of two levels; a missing one is the most frequent, B. */
    public static final Feature DISCIPLINE = Feature.categorical("discipline", "Applied (B) or theoretical (A)",
            List.of("A", "B"), 1, new Missing(Missing.Rule.MOST_FREQUENT, 1));

    /** Years since the PhD: a number; a missing one is the training median, 21. */
    public static final Feature YEARS_SINCE_PHD = new Feature("yrs_since_phd", "years", "Years since the PhD", 0, 70,
            10.0, List.of(), new Missing(Missing.Rule.MEDIAN, 21));

    /** The academics' inputs: rank, discipline, years since the PhD. */
    public static final FeatureSchema ACADEMIC_SCHEMA = new FeatureSchema(List.of(RANK, DISCIPLINE, YEARS_SINCE_PHD));

    /** The academics' log-salary target, in USD. */
    public static final Target ACADEMIC_TARGET = new Target("salary", "USD", Target.Transform.LOG);

    /** The academics' training data: 397 rows, the shares and mean of {@link #ACADEMIC}. */
    public static final TrainingData ACADEMIC_DATA = academicData();

    private static TrainingData academicData() {
        var stats = new LinkedHashMap<String, FeatureStats>();
        stats.put("rank", FeatureStats.ofShares(new double[] {0.25, 0.25, 0.5}));
        stats.put("discipline", FeatureStats.ofShares(new double[] {0.5, 0.5}));
        stats.put("yrs_since_phd", new FeatureStats(1, 56, 22, 12));
        return new TrainingData("salaries.csv", SHA256, 397, stats);
    }

    /**
     * A model of academics' log salaries, with every new kind of input: two categories, a number filled in when
     * missing, and a log target. Its numbers are exact in binary, so expected values can be written down:
     * {@code log(salary) = 11 + 0.125·[AssocProf] + 0.375·[Prof] + 0.125·[B] + 0.0078125·years}; the training
     * shares are 1/4, 1/4, 1/2 for rank and 1/2, 1/2 for discipline, the years' mean 22; the least-squares
     * interval has t 2, residual standard error 0.125 and a diagonal (XᵀX)⁻¹ of 1/64, 1/16, 1/16, 1/16, 1/4096.
     */
    public static final Model ACADEMIC = academic();

    private static Model academic() {
        var metadata = ModelMetadata.builder().name("academic").version("1.0.0").algorithm("ols")
                .schema(ACADEMIC_SCHEMA).target(ACADEMIC_TARGET).metrics(METRICS).trainingData(ACADEMIC_DATA)
                .provenance(PROVENANCE).build();
        double[][] inverse = new double[5][5];
        double[] diagonal = {1.0 / 64, 1.0 / 16, 1.0 / 16, 1.0 / 16, 1.0 / 4096};
        for (int i = 0; i < 5; i++) {
            inverse[i][i] = diagonal[i];
        }
        return new Model(metadata, new LinearModel(11, new double[] {0.125, 0.375, 0.125, 0.0078125}),
                new IntervalParameters.OlsExact(0.95, 2, 0.125, 392, inverse));
    }

    /**
     * Two trees over the academics' inputs that split on categories as both trainers do: tree 0 as Smile does,
     * one level to the left ({@code rank == AsstProf}); tree 1 as Spark does, a set of levels
     * ({@code rank ∈ {AssocProf, Prof}}). Base value 11.5 and shrinkage 0.5, on the log scale; covers add up to
     * the 397 training rows. Every number is exact in binary.
     * <pre>
     * tree 0: rank ∈ {AsstProf} ? -0.25 : (yrs_since_phd <= 20 ? 0.125 : 0.25)        covers 397 = 100 + (297 = 120 + 177)
     * tree 1: discipline ∈ {A} ? -0.125 : (rank ∈ {AssocProf, Prof} ? 0.125 : 0.0625)  covers 397 = 181 + (216 = 150 + 66)
     * </pre>
     */
    public static final TreeEnsembleModel ACADEMIC_TREES = academicTrees();

    private static TreeEnsembleModel academicTrees() {
        var smile = TreeEnsembleModel.Tree.builder(0.5);
        int root = smile.split(0, new int[] {0}, 397);
        int senior = smile.split(2, 20, 297);
        smile.children(root, smile.leaf(-0.25, 100), senior);
        smile.children(senior, smile.leaf(0.125, 120), smile.leaf(0.25, 177));
        var spark = TreeEnsembleModel.Tree.builder(0.5);
        root = spark.split(1, new int[] {0}, 397);
        int applied = spark.split(0, new int[] {1, 2}, 216);
        spark.children(root, spark.leaf(-0.125, 181), applied);
        spark.children(applied, spark.leaf(0.125, 150), spark.leaf(0.0625, 66));
        return new TreeEnsembleModel(11.5, List.of(smile.build(), spark.build()));
    }

    /**
     * A gradient-boosted model of academics' log salaries with categorical splits: {@link #ACADEMIC_TREES} over
     * {@link #ACADEMIC}'s inputs, target and training data, with a conformal interval of ± 0.25 on the log
     * scale. For a Prof in discipline A, 10 years after the PhD: log(salary) = 11.5 + 0.5 · 0.125 + 0.5 · −0.125
     * = 11.5. Its model file is format 3.
     */
    public static final Model ACADEMIC_GBM = academicGbm();

    private static Model academicGbm() {
        var provenance = new Provenance(PROVENANCE.trainedAt(), "1.0.0", "3.1.1", "17.0.15", COMMIT,
                Map.of("algorithm", "gbm", "data", "data/salaries.csv"));
        var metadata = ModelMetadata.builder().name("academic").version("2.0.0").algorithm("gbm")
                .hyperparameters(Map.of("trees", 2.0, "shrinkage", 0.5)).schema(ACADEMIC_SCHEMA)
                .target(ACADEMIC_TARGET)
                .metrics(new Metrics(0.5, 0.49, 0.25, 0.125, new CrossValidation(CrossValidation.K_FOLD, 5, 7L,
                        0.375, 0.25, 0.25, 0.95, 0.5)))
                .trainingData(ACADEMIC_DATA).provenance(provenance).build();
        return new Model(metadata, ACADEMIC_TREES,
                new IntervalParameters.Conformal(0.95, IntervalParameters.Conformal.CV_PLUS, 0.25, 40));
    }

    /** The linear parameters of a linear model. */
    public static LinearModel linear(Model model) {
        return (LinearModel) model.kind();
    }

    public static Map<String, Double> reference() {
        return Map.of("experience", 2.0, "test_score", 9.0, "interview_score", 6.0);
    }

    public static Map<String, Double> inputs(double experience, double testScore, double interviewScore) {
        return Map.of("experience", experience, "test_score", testScore, "interview_score", interviewScore);
    }

    private static Map<String, FeatureStats> referenceStats() {
        var stats = new LinkedHashMap<String, FeatureStats>();
        for (int j = 0; j < SCHEMA.size(); j++) {
            stats.put(SCHEMA.names().get(j), Reference.stats(j));
        }
        return stats;
    }
}
