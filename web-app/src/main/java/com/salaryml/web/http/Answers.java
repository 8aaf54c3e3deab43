package com.salaryml.web.http;

import com.salaryml.artifact.metadata.ModelMetadata;
import jakarta.servlet.http.HttpServletResponse;

/** What every answer of the app's endpoints says alike, written in this one place. */
public final class Answers {

    /** What the native API says while no model is served. */
    public static final String NO_MODEL = "No model is loaded; the server log says why.";

    /** The header that names the version of the model that made an answer. */
    public static final String MODEL_VERSION = "X-Model-Version";

    private Answers() {
    }

    /**
     * Marks an answer that depends on the moment: the model served, the drift window, the health. No cache may
     * keep it.
     */
    public static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }

    /** Marks an answer made by {@code model}: its version in a header, and no cache, since the model may change. */
    public static void madeBy(HttpServletResponse response, ModelMetadata model) {
        response.setHeader(MODEL_VERSION, model.version());
        noStore(response);
    }
}
