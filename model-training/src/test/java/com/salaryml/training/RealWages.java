package com.salaryml.training;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.salaryml.artifact.RScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Three public wage data sets of the kind real salary models learn from, exported by R from the packages Debian
 * ships ({@code r-cran-cardata}, {@code r-cran-aer}; GPL, so not kept in the repository), each with the schema a
 * data scientist would write for it: categories with R's level order (the first is the reference), R's dotted
 * headers mapped to feature names, and a log target.
 */
final class RealWages {

    /** carData::Salaries: 397 academics' nine-month salaries in 2008–09. */
    static final String ACADEMICS_SCHEMA = """
            {
              "format": "salaryml-schema",
              "format_version": 1,
              "model": "academics",
              "target": {"name": "salary", "unit": "USD", "min": 0, "transform": "log"},
              "features": [
                {"name": "rank", "type": "categorical", "levels": ["AsstProf", "AssocProf", "Prof"], "description": "Academic rank", "example": "AssocProf"},
                {"name": "discipline", "type": "categorical", "levels": ["A", "B"], "description": "A theoretical, B applied", "example": "B"},
                {"name": "yrs_since_phd", "column": "yrs.since.phd", "unit": "years", "description": "Years since the PhD", "min": 0, "max": 70, "example": 12},
                {"name": "yrs_service", "column": "yrs.service", "unit": "years", "description": "Years of service", "min": 0, "max": 70, "example": 8},
                {"name": "sex", "type": "categorical", "levels": ["Female", "Male"], "description": "Sex", "example": "Male"}
              ]
            }
            """;

    /** AER::CPS1985: 534 workers' hourly wages in May 1985. Age is left out: it is education + experience + 6. */
    static final String CPS1985_SCHEMA = """
            {
              "format": "salaryml-schema",
              "format_version": 1,
              "model": "cps1985",
              "target": {"name": "wage", "unit": "USD per hour", "min": 0, "transform": "log"},
              "features": [
                {"name": "education", "unit": "years", "description": "Years of education", "min": 0, "max": 25, "example": 12},
                {"name": "experience", "unit": "years", "description": "Years of potential work experience", "min": 0, "max": 60, "example": 15},
                {"name": "ethnicity", "type": "categorical", "levels": ["cauc", "hispanic", "other"], "description": "Ethnicity", "example": "cauc"},
                {"name": "region", "type": "categorical", "levels": ["south", "other"], "description": "Region", "example": "other"},
                {"name": "gender", "type": "categorical", "levels": ["male", "female"], "description": "Gender", "example": "male"},
                {"name": "occupation", "type": "categorical", "levels": ["worker", "technical", "services", "office", "sales", "management"], "description": "Occupation", "example": "office"},
                {"name": "sector", "type": "categorical", "levels": ["manufacturing", "construction", "other"], "description": "Sector", "example": "other"},
                {"name": "union", "type": "categorical", "levels": ["no", "yes"], "description": "Union member", "example": "no"},
                {"name": "married", "type": "categorical", "levels": ["no", "yes"], "description": "Married", "example": "yes"}
              ]
            }
            """;

    /** The CPS1985 schema with age as well: nearly collinear with education and experience. */
    static final String CPS1985_WITH_AGE_SCHEMA = CPS1985_SCHEMA.replace(
            "\"example\": 15},",
            "\"example\": 15},\n    {\"name\": \"age\", \"unit\": \"years\", \"description\": \"Age\", \"min\": 16, \"max\": 70, \"example\": 35},");

    /** AER::CPS1988: 28,155 men's weekly wages in March 1988. */
    static final String CPS1988_SCHEMA = """
            {
              "format": "salaryml-schema",
              "format_version": 1,
              "model": "cps1988",
              "target": {"name": "wage", "unit": "USD per week", "min": 0, "transform": "log"},
              "features": [
                {"name": "education", "unit": "years", "description": "Years of education", "min": 0, "max": 25, "example": 12},
                {"name": "experience", "unit": "years", "description": "Years of potential work experience", "min": -5, "max": 70, "example": 16},
                {"name": "ethnicity", "type": "categorical", "levels": ["cauc", "afam"], "description": "Ethnicity", "example": "cauc"},
                {"name": "smsa", "type": "categorical", "levels": ["no", "yes"], "description": "Lives in a metropolitan area", "example": "yes"},
                {"name": "region", "type": "categorical", "levels": ["northeast", "midwest", "south", "west"], "description": "Region", "example": "south"},
                {"name": "parttime", "type": "categorical", "levels": ["no", "yes"], "description": "Works part-time", "example": "no"}
              ]
            }
            """;

    /** Where one export put its files. */
    record Files3(Path academics, Path cps1985, Path cps1988) {
    }

    private RealWages() {
    }

    /**
     * Exports the three data sets into {@code dir}, each with its schema beside it
     * ({@code academics.schema.json}, ...), as {@link DataSchema#besideData} finds it.
     */
    static Files3 export(Path dir) throws IOException, InterruptedException {
        RScript.run(RealWages.class, "/r/export-wages.R", dir.toString());
        var files = new Files3(dir.resolve("academics.csv"), dir.resolve("cps1985.csv"), dir.resolve("cps1988.csv"));
        Files.writeString(DataSchema.besideData(files.academics()), ACADEMICS_SCHEMA, UTF_8);
        Files.writeString(DataSchema.besideData(files.cps1985()), CPS1985_SCHEMA, UTF_8);
        Files.writeString(DataSchema.besideData(files.cps1988()), CPS1988_SCHEMA, UTF_8);
        return files;
    }
}
