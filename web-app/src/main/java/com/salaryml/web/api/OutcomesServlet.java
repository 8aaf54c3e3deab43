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
import com.salaryml.web.outcomes.OutcomeRecording;
import com.salaryml.web.outcomes.OutcomeRefusedException;
import com.salaryml.web.outcomes.OutcomeStore;
import com.salaryml.web.outcomes.OutcomesNotKeptException;
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
 * (409). While they cannot be kept (a database that is down, a full disk) the answer is 503, with
 * {@code Retry-After} when the outage passes by itself; an outcome is acknowledged only once it is kept.
 */
public final class OutcomesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(OutcomesServlet.class.getName());
    /** Long enough for a database's restart or a failover to finish, short enough not to hold a batch job up. */
    static final int RETRY_AFTER_SECONDS = 5;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            OutcomeRecording recording = AppContext.get(getServletContext(), OutcomeRecording.class);
            if (recording instanceof OutcomeRecording.Off off) {
                throw new ProblemException(409, "Outcomes cannot be recorded: " + off.reason() + ".");
            }
            OutcomeStore store = ((OutcomeRecording.On) recording).store();
            AppConfig config = AppContext.get(getServletContext(), AppConfig.class);
            byte[] body = ProblemException.readJson(request, config.maxBodyBytes(), "outcomes");
            OutcomesRequest parsed = OutcomesRequest.parse(body, config.maxBatch());
            // The served model's target: every version of a model is trained on the one schema that declares it.
            // A model file without a range (format 2) bounds nothing beyond the finite check of parsing.
            Optional<Predictor> served = AppContext.get(getServletContext(), ModelRegistry.class).current();
            if (served.isPresent()) {
                parsed.checkAgainst(served.get().metadata().target());
            }
            List<OutcomeStore.Recorded> recorded;
            try {
                recorded = store.record(parsed.outcomes(), parsed.batch(), CallerRoleFilter.caller(request));
            } catch (OutcomeRefusedException e) {
                throw new ProblemException(refusal(e, parsed.batch()));
            } catch (OutcomesNotKeptException e) {
                if (e.temporary()) {
                    // An outage, or a row on its way, passes by itself: the caller is told when to send the same outcomes again.
                    LOG.log(Level.WARNING, "Outcomes refused, none recorded: " + e.getMessage());
                    response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
                    throw new ProblemException(503, "The outcomes cannot be kept now, so none was recorded; send"
                            + " them again in " + RETRY_AFTER_SECONDS + " seconds. The server log says why.");
                }
                LOG.log(Level.ERROR, "Outcomes refused, none recorded: " + e.getMessage(), e.getCause());
                throw new ProblemException(503, "The outcomes cannot be kept, so none was recorded; try again"
                        + " later. The server log says why.");
            }
            Json.write(response, HttpServletResponse.SC_OK, json -> {
                json.writeNumberField("recorded", recorded.size());
                json.writeArrayFieldStart("outcomes");
                for (OutcomeStore.Recorded each : recorded) {
                    json.writeStartObject();
                    json.writeStringField("outcome_key", each.outcome().key().text());
                    json.writeNumberField("index", each.outcome().index());
                    json.writeNumberField("actual", each.outcome().actual());
                    json.writeStringField("model_version", each.modelVersion());
                    json.writeNumberField("predicted", each.predicted());
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

    /** How to call this endpoint, for a 405 (MethodsFilter). */
    static final String HOW_TO_CALL = "Use POST with a JSON body such as " + OutcomesRequest.EXAMPLE + ".";
}
