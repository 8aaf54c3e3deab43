package com.salaryml.web.it;

import java.net.URI;

/** The built WAR, deployed unchanged into a running container. */
interface Deployment extends AutoCloseable {

    /** The app's base URL, ending in "/": {@code http://127.0.0.1:PORT/salary/}, or {@code .../} as ROOT. */
    URI base();

    @Override
    void close() throws Exception;

    /** A deployment at {@code base} that {@code stop} shuts down. */
    static Deployment of(URI base, AutoCloseable stop) {
        return new Deployment() {
            @Override
            public URI base() {
                return base;
            }

            @Override
            public void close() throws Exception {
                stop.close();
            }
        };
    }
}
