package com.salaryml.training.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.salaryml.training.DataSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded academic salary data for the Spark trainer's tests, in the shape of R's {@code carData::Salaries} (as the
 * Smile trainer's tests generate it): rank (three levels), discipline (two), years since the PhD and of service
 * under R's column names ({@code yrs.since.phd}), sex (read by no model), and a salary log-linear in them. Some
 * cells are blank or {@code NA}: in every input, and with {@code withMissingSalaries} in the target too.
 */
final class AcademicRows {

    static final String HEADER = "rank,discipline,yrs.since.phd,yrs.service,sex,salary";

    private static final List<String> RANKS = List.of("AsstProf", "AssocProf", "Prof");

    /** Every missing cell refused, as for --drop-incomplete; a log target; two columns named apart. */
    static final String SCHEMA = """
            {
              "format": "salaryml-schema",
              "format_version": 1,
              "model": "academic",
              "target": {"name": "salary", "unit": "USD", "min": 0, "transform": "log"},
              "features": [
                {"name": "rank", "type": "categorical", "levels": ["AsstProf", "AssocProf", "Prof"], "description": "Academic rank", "example": "AssocProf"},
                {"name": "discipline", "type": "categorical", "levels": ["A", "B"], "description": "A theoretical, B applied", "example": "B"},
                {"name": "yrs_since_phd", "column": "yrs.since.phd", "unit": "years", "description": "Years since the PhD", "min": 0, "max": 70, "example": 12},
                {"name": "yrs_service", "column": "yrs.service", "unit": "years", "description": "Years of service", "min": 0, "max": 70, "example": 8}
              ]
            }
            """;

    /** The same schema with a rule for each input's missing cells: the most frequent level, a median, a mean. */
    static final String IMPUTING_SCHEMA = SCHEMA
            .replace("\"example\": \"B\"}", "\"example\": \"B\", \"missing\": \"most_frequent\"}")
            .replace("\"example\": 12}", "\"example\": 12, \"missing\": \"median\"}")
            .replace("\"example\": 8}", "\"example\": 8, \"missing\": \"mean\"}");

    private AcademicRows() {
    }

    /** The data's lines, header first. */
    static List<String> lines(int rows, long seed, boolean withMissingSalaries) {
        var random = new SplittableRandom(seed);
        var lines = new ArrayList<String>(rows + 1);
        lines.add(HEADER);
        for (int i = 0; i < rows; i++) {
            double u = random.nextDouble();
            int rank = u < 0.25 ? 0 : u < 0.5 ? 1 : 2;
            int discipline = random.nextInt(2);
            int phd = switch (rank) {
                case 0 -> 1 + random.nextInt(10);
                case 1 -> 6 + random.nextInt(20);
                default -> 12 + random.nextInt(40);
            };
            int service = Math.max(0, phd - random.nextInt(8));
            double log = 11.1 + (rank == 1 ? 0.14 : rank == 2 ? 0.42 : 0) + 0.11 * discipline + 0.004 * phd
                    - 0.002 * service + 0.11 * gaussian(random);
            long salary = Math.round(Math.exp(log));
            String sex = random.nextInt(10) == 0 ? "Female" : "Male";
            String phdCell = missing(random, 0.05) ? (random.nextBoolean() ? "" : "NA") : Integer.toString(phd);
            String serviceCell = missing(random, 0.03) ? "" : Integer.toString(service);
            String disciplineCell = missing(random, 0.04) ? "NA" : discipline == 0 ? "A" : "B";
            String salaryCell = withMissingSalaries && missing(random, 0.02) ? "" : Long.toString(salary);
            lines.add(String.join(",", RANKS.get(rank), disciplineCell, phdCell, serviceCell, sex, salaryCell));
        }
        return lines;
    }

    /** Writes the data and its schema beside it, as the trainers expect them. */
    static Path write(Path dir, String name, List<String> lines, String schema) {
        try {
            Path file = Files.write(dir.resolve(name), lines, UTF_8);
            Files.writeString(DataSchema.besideData(file), schema, UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** New candidates as the predictor takes them, some with missing inputs (null) that the model fills in. */
    static List<Map<String, Object>> candidates() {
        var candidates = new ArrayList<Map<String, Object>>();
        candidates.add(instance("AsstProf", "A", 3.0, 2.0));
        candidates.add(instance("AssocProf", "B", 14.0, 9.0));
        candidates.add(instance("Prof", "A", 40.0, 35.0));
        candidates.add(instance("Prof", "B", 60.0, 1.0));
        candidates.add(instance("AssocProf", null, 14.0, 9.0));
        candidates.add(instance("Prof", "A", null, 35.0));
        candidates.add(instance("Prof", "B", 60.0, null));
        return candidates;
    }

    private static Map<String, Object> instance(String rank, String discipline, Double phd, Double service) {
        var instance = new HashMap<String, Object>();
        instance.put("rank", rank);
        instance.put("discipline", discipline);
        instance.put("yrs_since_phd", phd);
        instance.put("yrs_service", service);
        return instance;
    }

    private static boolean missing(SplittableRandom random, double rate) {
        return random.nextDouble() < rate;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
