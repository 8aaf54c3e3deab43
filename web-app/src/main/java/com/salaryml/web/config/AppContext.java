package com.salaryml.web.config;

import jakarta.servlet.ServletContext;
import java.util.Objects;

/**
 * The one way the app's parts are kept in and found in the servlet context: under their type's name, put there
 * once by the start-up listener before any filter or servlet starts. Every part is always there once the app has
 * started, even with an invalid configuration, so a lookup never answers "absent": it finds the part, or the
 * listener never ran and the deployment is broken.
 */
public final class AppContext {

    private AppContext() {
    }

    /** Keeps {@code part} in the context as the app's one {@code type}. */
    public static <T> void put(ServletContext context, Class<T> type, T part) {
        context.setAttribute(type.getName(), Objects.requireNonNull(part, type.getSimpleName()));
    }

    /**
     * The app's {@code type}.
     *
     * @throws IllegalStateException if the start-up listener did not run, which only a broken web.xml causes
     */
    public static <T> T get(ServletContext context, Class<T> type) {
        Object part = context.getAttribute(type.getName());
        if (type.isInstance(part)) {
            return type.cast(part);
        }
        throw new IllegalStateException("the salary app's listener did not start (no " + type.getSimpleName()
                + " in the servlet context); check web.xml");
    }
}
