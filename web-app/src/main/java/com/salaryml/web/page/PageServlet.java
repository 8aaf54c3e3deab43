package com.salaryml.web.page;

import com.salaryml.web.http.Answers;
import com.salaryml.web.http.NoModelAnswer;
import com.salaryml.web.http.ServedModelFilter;
import com.salaryml.web.config.AppContext;
import com.salaryml.artifact.Prediction;
import com.salaryml.artifact.Predictor;
import com.salaryml.web.config.AppConfig;
import com.salaryml.web.serving.ApprovalStatus;
import com.salaryml.web.serving.ModelRegistry;
import com.salaryml.web.serving.PredictionEvent;
import com.salaryml.web.serving.PredictionListener;
import com.salaryml.web.http.RequestIds;
import com.salaryml.web.config.Stage;
import com.salaryml.web.monitoring.DriftMonitor;
import com.salaryml.web.monitoring.DriftReport;
import java.time.Instant;
import java.util.List;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The page, {@code GET {ctx}/}: a form with one field per input of the model being served, that works without
 * JavaScript. With any of the fields in the query string it shows the estimate; with bad values (a field missing,
 * given twice, not a number, out of range) it answers 400 and says, field by field, what is wrong, keeping what
 * was typed.
 */
public final class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** While no model is served the page says that the estimate is unavailable, and to try later. */
    public static final NoModelAnswer NO_MODEL = new NoModelAnswer() {
        @Override
        public boolean needsModel(HttpServletRequest request) {
            return NoModelAnswer.isRead(request);
        }

        @Override
        public void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
            html(response);
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.getWriter().write(PageView.unavailable(
                    AppContext.get(request.getServletContext(), AppConfig.class).stage()));
        }
    };

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        html(response);
        ModelRegistry.Loaded served = ServedModelFilter.served(request);
        Stage stage = AppContext.get(getServletContext(), AppConfig.class).stage();
        Predictor predictor = served.predictor();
        ApprovalStatus approval = served.approval();
        var schema = predictor.metadata().schema();
        List<DriftReport.Quantity> drifted = AppContext.get(getServletContext(), DriftMonitor.class).report(predictor.metadata())
                .map(DriftReport::drifted).orElse(List.of());
        // Read by the app, not through getParameter: see QueryString for why.
        QueryString query = QueryString.parse(request.getQueryString());
        boolean submitted = schema.names().stream().anyMatch(query::has);
        if (!submitted) {
            response.getWriter().write(PageView.render(predictor.metadata(), approval, stage, FormInput.empty(schema), null,
                    drifted));
            return;
        }
        FormInput input = FormInput.parse(schema, query);
        if (input.values().isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.getWriter().write(PageView.render(predictor.metadata(), approval, stage, input, null, drifted));
            return;
        }
        Prediction prediction = predictor.predict(input.values().get());
        String requestId = RequestIds.of(request);
        response.setHeader(RequestIds.HEADER, requestId);
        AppContext.get(getServletContext(), PredictionListener.Registry.class).predicted(new PredictionEvent(Instant.now(), "page",
                requestId, predictor.metadata(), approval, List.of(input.values().get()),
                List.of(prediction)));
        Answers.madeBy(response, predictor.metadata());
        response.getWriter().write(PageView.render(predictor.metadata(), approval, stage, input, prediction, drifted));
    }

    private static void html(HttpServletResponse response) {
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
    }
}
