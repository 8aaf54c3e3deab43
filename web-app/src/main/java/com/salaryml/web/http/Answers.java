package com.salaryml.web.http;

import com.salaryml.artifact.metadata.ModelMetadata;
import jakarta.servlet.http.HttpServletResponse;

/** What every answer of the app's endpoints says alike, written in this one place. */
public final class Answers {

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

    /**
     * Marks an answer made by {@code model}: its version in a header. {@link ServedModelFilter} has marked it
     * {@code no-store} already, since the model may change.
     */
    public static void madeBy(HttpServletResponse response, ModelMetadata model) {
        response.setHeader(MODEL_VERSION, model.version());
    }
}
