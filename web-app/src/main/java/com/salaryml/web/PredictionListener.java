package com.salaryml.web;

import jakarta.servlet.ServletContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hears about every prediction the app makes. Called on the request thread after the predictions are made
 * and before the response is written, so an implementation must return at once and never block.
 */
@FunctionalInterface
public interface PredictionListener {

    void predicted(PredictionEvent event);

    /** The listeners of one app, in a context attribute; the API servlets publish to them. */
    final class Registry implements PredictionListener {

        static final String ATTRIBUTE = Registry.class.getName();

        private final List<PredictionListener> listeners = new CopyOnWriteArrayList<>();

        public static Registry of(ServletContext context) {
            Object registry = context.getAttribute(ATTRIBUTE);
            if (registry instanceof Registry listeners) {
                return listeners;
            }
            throw new IllegalStateException("the salary app's listener did not start; check web.xml");
        }

        public void add(PredictionListener listener) {
            listeners.add(listener);
        }

        @Override
        public void predicted(PredictionEvent event) {
            for (PredictionListener listener : listeners) {
                listener.predicted(event);
            }
        }
    }
}
