package com.salaryml.artifact.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictions;
import com.salaryml.artifact.schema.Target;
import java.io.IOException;
import java.util.List;

/**
 * How a prediction is spelled in JSON, the same in the API's answers, single or batch, and in the prediction
 * log. The fields are written in one place, {@link #explained}, whether the prediction is a {@link Prediction}
 * or one instance of a batch read straight from its columns.
 */
public final class PredictionJson {

    private PredictionJson() {
    }

    /**
     * Writes the value under the target's name, then {@code interval} ({@code level}, {@code low}, {@code high} and
     * the {@code method} that computed it, or null, followed by
     * {@code interval_note} when {@code withNote}), {@code baseline}, {@code contributions_scale} when the
     * contributions add up on a transformed scale ({@code "log"}: to the log of the value), and
     * {@code contributions}.
     */
    public static void writeExplained(JsonGenerator json, String target, Prediction prediction, boolean withNote)
            throws IOException {
        explained(json, target, new Single(prediction), withNote);
    }

    /** Writes {@code warnings}: one {@code {"feature", "message"}} per input outside the training range. */
    public static void writeWarnings(JsonGenerator json, List<Prediction.Warning> warnings) throws IOException {
        json.writeArrayFieldStart("warnings");
        for (Prediction.Warning warning : warnings) {
            json.writeStartObject();
            json.writeStringField("feature", warning.feature());
            json.writeStringField("message", warning.message());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /**
     * Writes {@code predictions}: one object per instance of the batch, in order, each as
     * {@link #writeExplained} with the note and then {@link #writeWarnings} would write it. The batch is read
     * in place, so a batch of thousands is written, as it was predicted, without an object per instance.
     */
    public static void writePredictions(JsonGenerator json, String target, Predictions batch) throws IOException {
        var row = new BatchRow(batch);
        json.writeArrayFieldStart("predictions");
        for (int i = 0; i < batch.size(); i++) {
            row.index = i;
            json.writeStartObject();
            explained(json, target, row, true);
            writeWarnings(json, batch.warnings(i));
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void explained(JsonGenerator json, String target, Row row, boolean withNote) throws IOException {
        json.writeNumberField(target, row.value());
        if (row.hasInterval()) {
            json.writeObjectFieldStart("interval");
            json.writeNumberField("level", row.level());
            json.writeNumberField("low", row.low());
            json.writeNumberField("high", row.high());
            json.writeStringField("method", row.intervalMethod());
            json.writeEndObject();
        } else {
            json.writeNullField("interval");
            if (withNote) {
                json.writeStringField("interval_note", row.intervalNote());
            }
        }
        json.writeNumberField("baseline", row.baseline());
        if (row.scale() != Target.Transform.NONE) {
            // Absent for a model of the target itself, so that its answers read as they always did.
            json.writeStringField("contributions_scale", row.scale().id());
        }
        json.writeObjectFieldStart("contributions");
        for (int f = 0; f < row.features(); f++) {
            json.writeNumberField(row.feature(f), row.contribution(f));
        }
        json.writeEndObject();
    }

    /** What the writer reads of one prediction. */
    private interface Row {
        double value();

        boolean hasInterval();

        double level();

        double low();

        double high();

        String intervalMethod();

        String intervalNote();

        double baseline();

        Target.Transform scale();

        int features();

        String feature(int f);

        double contribution(int f);
    }

    private record Single(Prediction prediction) implements Row {

        @Override
        public double value() {
            return prediction.value();
        }

        @Override
        public boolean hasInterval() {
            return prediction.interval() != null;
        }

        @Override
        public double level() {
            return prediction.interval().level();
        }

        @Override
        public double low() {
            return prediction.interval().low();
        }

        @Override
        public double high() {
            return prediction.interval().high();
        }

        @Override
        public String intervalMethod() {
            return prediction.interval().method();
        }

        @Override
        public String intervalNote() {
            return prediction.intervalNote();
        }

        @Override
        public double baseline() {
            return prediction.baseline();
        }

        @Override
        public Target.Transform scale() {
            return prediction.scale();
        }

        @Override
        public int features() {
            return prediction.contributions().size();
        }

        @Override
        public String feature(int f) {
            return prediction.contributions().get(f).feature();
        }

        @Override
        public double contribution(int f) {
            return prediction.contributions().get(f).amount();
        }
    }

    /** One instance of a batch at a time: a cursor the writer moves along it, one per batch. */
    private static final class BatchRow implements Row {

        private final Predictions batch;
        private final List<String> features;
        private int index;

        BatchRow(Predictions batch) {
            this.batch = batch;
            this.features = batch.features();
        }

        @Override
        public double value() {
            return batch.value(index);
        }

        @Override
        public boolean hasInterval() {
            return batch.hasInterval();
        }

        @Override
        public double level() {
            return batch.level();
        }

        @Override
        public double low() {
            return batch.low(index);
        }

        @Override
        public double high() {
            return batch.high(index);
        }

        @Override
        public String intervalMethod() {
            return batch.intervalMethod();
        }

        @Override
        public String intervalNote() {
            return batch.intervalNote();
        }

        @Override
        public double baseline() {
            return batch.baseline();
        }

        @Override
        public Target.Transform scale() {
            return batch.scale();
        }

        @Override
        public int features() {
            return features.size();
        }

        @Override
        public String feature(int f) {
            return features.get(f);
        }

        @Override
        public double contribution(int f) {
            return batch.contribution(f, index);
        }
    }
}
