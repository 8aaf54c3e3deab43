package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded academic salary data in the shape of R's {@code carData::Salaries}, which is GPL and so not in the
 * repository: rank (three levels), discipline (two), years since the PhD and of service, sex (read by no model
 * here), and a salary that is log-linear in them with log-normal noise. Some cells are blank or {@code NA}, as
 * real exports have them: in every input, and with {@code withMissingSalaries} in the target too.
 */
final class AcademicData {

    static final String HEADER = "rank,discipline,yrs.since.phd,yrs.service,sex,salary";

    static final List<String> RANKS = List.of("AsstProf", "AssocProf", "Prof");

    /** The schema: every missing cell refused, as for --drop-incomplete. */
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

    /** The same schema with a rule for each input's missing cells: a median, a mean and the most frequent level. */
    static final String IMPUTING_SCHEMA = SCHEMA
            .replace("\"example\": \"B\"}", "\"example\": \"B\", \"missing\": \"most_frequent\"}")
            .replace("\"example\": 12}", "\"example\": 12, \"missing\": \"median\"}")
            .replace("\"example\": 8}", "\"example\": 8, \"missing\": \"mean\"}");

    private AcademicData() {
    }

    /**
     * The data's lines, header first.
     *
     * @param rows                how many data rows
     * @param seed                the seed of every draw
     * @param withMissingSalaries whether some salaries are blank, which only --drop-incomplete trains
     */
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
            // Missing cells, blank or NA, at rates like a real export's: about 6% of them in all.
            String phdCell = missing(random, 0.05) ? (random.nextBoolean() ? "" : "NA") : Integer.toString(phd);
            String serviceCell = missing(random, 0.03) ? "" : Integer.toString(service);
            String disciplineCell = missing(random, 0.04) ? "NA" : discipline == 0 ? "A" : "B";
            String sexCell = missing(random, 0.05) ? "NA" : sex;
            String salaryCell = withMissingSalaries && missing(random, 0.02) ? "" : Long.toString(salary);
            lines.add(String.join(",", RANKS.get(rank), disciplineCell, phdCell, serviceCell, sexCell, salaryCell));
        }
        return lines;
    }

    /** A few candidates to predict, as a CSV for R, with their inputs as the predictor takes them. */
    static final List<String> NEW_LINES = List.of(
            "rank,discipline,yrs.since.phd,yrs.service",
            "AsstProf,A,3,2",
            "AssocProf,B,14,9",
            "Prof,A,40,35",
            "Prof,B,60,1");

    /** The same instances with missing inputs, for a model that fills them in. */
    static final List<String> NEW_LINES_WITH_GAPS = List.of(
            "rank,discipline,yrs.since.phd,yrs.service",
            "AsstProf,A,3,2",
            "AssocProf,NA,14,9",
            "Prof,A,,35",
            "Prof,B,60,");

    /** Writes the data and its schema beside it, as the trainer expects them. */
    static Path write(Path dir, String name, List<String> lines, String schema) {
        try {
            Path file = Files.write(dir.resolve(name), lines, UTF_8);
            Files.writeString(DataSchema.besideData(file), schema, UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An instance of a new-lines CSV as the predictor takes it: levels as text, numbers, missing as null. */
    static java.util.Map<String, Object> instance(String line) {
        String[] cells = line.split(",", -1);
        var instance = new java.util.HashMap<String, Object>();
        instance.put("rank", cell(cells[0]));
        instance.put("discipline", cell(cells[1]));
        instance.put("yrs_since_phd", cell(cells[2]) == null ? null : Double.parseDouble(cells[2]));
        instance.put("yrs_service", cell(cells[3]) == null ? null : Double.parseDouble(cells[3]));
        return instance;
    }

    private static String cell(String text) {
        return text.isEmpty() || text.equals("NA") ? null : text;
    }

    private static boolean missing(SplittableRandom random, double rate) {
        return random.nextDouble() < rate;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.17g", value);
    }
}
