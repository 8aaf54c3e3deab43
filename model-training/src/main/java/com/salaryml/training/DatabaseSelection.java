package com.salaryml.training;

import com.salaryml.artifact.records.RecordTables;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which rows of the record in PostgreSQL to train on ({@code --from-database}): every logged prediction with a
 * reported outcome, of the half-open time range {@code [predictedFrom, predictedTo)} and of the given model
 * versions, each bound only when given. The query is one statement with the selection as bind parameters, so the
 * text the provenance records is the text that ran.
 *
 * @param url           the JDBC URL, which holds no user and no password: they come from the environment
 * @param predictedFrom the earliest {@code predicted_at} taken, inclusive; null for no lower bound
 * @param predictedTo   the {@code predicted_at} before which rows are taken, exclusive; null for no upper bound
 * @param modelVersions the model versions whose predictions are taken; empty for every version
 */
public record DatabaseSelection(String url, Instant predictedFrom, Instant predictedTo, List<String> modelVersions) {

    /** Checks that the range is not empty, which would select nothing whatever the table holds. */
    public DatabaseSelection {
        Objects.requireNonNull(url, "url");
        modelVersions = List.copyOf(modelVersions);
        if (predictedFrom != null && predictedTo != null && !predictedFrom.isBefore(predictedTo)) {
            throw new IllegalArgumentException("--predicted-from " + predictedFrom + " is not before --predicted-to "
                    + predictedTo + ": the range [from, to) holds no instant");
        }
    }

    /**
     * The query, one line: the rows ordered by outcome key in byte order ({@code COLLATE "C"}, whatever the
     * database's collation) and index, so that the order, and so the digest, is the same on every database
     * that holds the same rows.
     */
    public String query() {
        var where = new ArrayList<String>();
        if (predictedFrom != null) {
            where.add("p.predicted_at >= ?");
        }
        if (predictedTo != null) {
            where.add("p.predicted_at < ?");
        }
        if (!modelVersions.isEmpty()) {
            where.add("p.model_version IN (" + String.join(", ", java.util.Collections.nCopies(modelVersions.size(),
                    "?")) + ")");
        }
        return "SELECT outcome_key, instance_index, p.record::text AS record, o.actual"
                + " FROM " + RecordTables.PREDICTIONS + " p JOIN " + RecordTables.OUTCOMES
                + " o USING (outcome_key, instance_index)"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY outcome_key COLLATE \"C\", instance_index";
    }

    /** The query's bind parameters, in the order of its {@code ?}s. */
    List<Object> parameters() {
        var parameters = new ArrayList<Object>();
        if (predictedFrom != null) {
            parameters.add(OffsetDateTime.ofInstant(predictedFrom, ZoneOffset.UTC));
        }
        if (predictedTo != null) {
            parameters.add(OffsetDateTime.ofInstant(predictedTo, ZoneOffset.UTC));
        }
        parameters.addAll(modelVersions);
        return parameters;
    }

    /** The selection in words, for messages: what was asked for when nothing matched. */
    String describe() {
        var parts = new ArrayList<String>();
        if (predictedFrom != null) {
            parts.add("predicted from " + predictedFrom);
        }
        if (predictedTo != null) {
            parts.add("predicted before " + predictedTo);
        }
        if (!modelVersions.isEmpty()) {
            parts.add("by model version " + String.join(" or ", modelVersions));
        }
        return parts.isEmpty() ? "any time, any model version" : String.join(", ", parts);
    }

    /**
     * The selection as the model's provenance records it, by name: the URL, and each bound only when given, so
     * that a reader sees at once whether the whole record was read ({@code from_database.selection}).
     */
    Map<String, String> recorded() {
        var recorded = new TreeMap<String, String>();
        recorded.put("from_database", url);
        if (predictedFrom != null) {
            recorded.put("from_database.predicted_from", predictedFrom.toString());
        }
        if (predictedTo != null) {
            recorded.put("from_database.predicted_to", predictedTo.toString());
        }
        if (!modelVersions.isEmpty()) {
            recorded.put("from_database.model_version", String.join(",", modelVersions));
        }
        recorded.put("from_database.selection", describe());
        return recorded;
    }
}
