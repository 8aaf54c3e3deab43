package com.salaryml.web.it;

import java.net.URI;

/** The built WAR, deployed unchanged into a running container. */
interface Deployment extends AutoCloseable {

    /** The app's base URL, ending in "/": {@code http://127.0.0.1:PORT/salary/}, or {@code .../} as ROOT. */
    URI base();

    /** Stops the container; a container that cannot stop fails the test that used it. */
    @Override
    void close();

    /** A deployment at {@code base} that {@code stop} shuts down. */
    static Deployment of(URI base, AutoCloseable stop) {
        return new Deployment() {
            @Override
            public URI base() {
                return base;
            }

            @Override
            public void close() {
                try {
                    stop.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while stopping the container at " + base, e);
                } catch (Exception e) {
                    throw new IllegalStateException("the container at " + base + " did not stop", e);
                }
            }
        };
    }
}
