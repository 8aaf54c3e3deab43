package com.salaryml.web.api;

import com.salaryml.artifact.Predictor;
import com.salaryml.web.access.CallerRoleFilter;
import com.salaryml.web.config.AppContext;
import com.salaryml.web.serving.ModelRegistry;
import java.util.Optional;
import com.salaryml.web.http.Json;
import com.salaryml.web.http.Problem;
import com.salaryml.web.http.ProblemException;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.http.JsonBodies;
import com.salaryml.web.outcomes.OutcomeRecorder;
import com.salaryml.web.outcomes.OutcomeRecording;
import com.salaryml.web.outcomes.OutcomeRefusedException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * {@code POST /api/v1/outcomes}: the real values of logged predictions, one or a batch, joined to their
 * predictions by the outcome key each prediction's answer gave, and appended to the outcomes file before the
 * answer goes out. Refused whole, nothing recorded: a bad body (400), a batch that names one prediction twice
 * (422, by position), an outcome with no prediction open for it (422, without saying which: see
 * {@link OutcomeRefusedException}), and every outcome while the app records none, without the prediction log
 * (409).
 */
public final class OutcomesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(OutcomesServlet.class.getName());

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            OutcomeRecording recording = AppContext.get(getServletContext(), OutcomeRecording.class);
            if (recording instanceof OutcomeRecording.Off off) {
                throw new ProblemException(409, "Outcomes cannot be recorded: " + off.reason() + ".");
            }
            OutcomeRecorder recorder = ((OutcomeRecording.On) recording).recorder();
            AppConfig config = AppContext.get(getServletContext(), AppConfig.class);
            byte[] body = ProblemException.readJson(request, config.maxBodyBytes(), "outcomes");
            OutcomesRequest parsed = OutcomesRequest.parse(body, config.maxBatch());
            // The served model's target: every version of a model is trained on the one schema that declares it.
            // A model file without a range (format 2) bounds nothing beyond the finite check of parsing.
            Optional<Predictor> served = AppContext.get(getServletContext(), ModelRegistry.class).current();
            if (served.isPresent()) {
                parsed.checkAgainst(served.get().metadata().target());
            }
            List<OutcomeRecorder.Recorded> recorded;
            try {
                recorded = recorder.record(parsed.outcomes(), parsed.batch(), CallerRoleFilter.caller(request));
            } catch (OutcomeRefusedException e) {
                throw new ProblemException(refusal(e, parsed.batch()));
            } catch (IOException e) {
                LOG.log(Level.ERROR, "Writing the outcomes file " + recorder.path() + " failed; the outcomes were"
                        + " refused and none is recorded", e);
                throw new ProblemException(503, "The outcomes file cannot be written, so nothing was recorded;"
                        + " try again later. The server log says why.");
            }
            Json.write(response, HttpServletResponse.SC_OK, json -> {
                json.writeNumberField("recorded", recorded.size());
                json.writeArrayFieldStart("outcomes");
                for (OutcomeRecorder.Recorded each : recorded) {
                    json.writeStartObject();
                    json.writeStringField("outcome_key", each.outcome().key().text());
                    json.writeNumberField("index", each.outcome().index());
                    json.writeNumberField("actual", each.outcome().actual());
                    json.writeStringField("model_version", each.prediction().modelVersion());
                    json.writeNumberField("predicted", each.prediction().value());
                    Boolean inside = each.inside();
                    if (inside == null) {
                        json.writeNullField("inside_interval");
                    } else {
                        json.writeBooleanField("inside_interval", inside);
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
            });
        } catch (ProblemException e) {
            e.problem().refuse(request, response);
        }
    }

    /** What a refused request is told; one answer for every outcome without an open prediction. */
    private static Problem refusal(OutcomeRefusedException e, boolean batch) {
        return switch (e.reason()) {
            case TWICE_IN_BATCH -> new Problem(422, Problem.titleOf(422), e.errors().size() == 1
                    ? "The outcomes are refused, so none is recorded: " + e.errors().get(0) + "."
                    : e.errors().size() + " outcomes repeat another in this batch, so none is recorded; see errors.",
                    e.errors());
            case NOT_OPEN -> Problem.of(422, (batch ? "None of the outcomes is recorded: at least one" : "The outcome"
                    + " is not recorded: it") + " has no prediction open for an outcome under its outcome_key and"
                    + " index. Either no prediction was answered with that key and index, or it is older than the app"
                    + " holds predictions for (docs/operations.md, salary.outcome-index), or the prediction log dropped"
                    + " it, or its outcome was already given. Which, and for which outcome, is not said, so that a"
                    + " reply cannot tell anyone which keys exist; send a batch's outcomes one by one to find it.");
        };
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        Problem.of(405, "Use POST with a JSON body such as " + OutcomesRequest.EXAMPLE + ".").send(response);
    }
}
