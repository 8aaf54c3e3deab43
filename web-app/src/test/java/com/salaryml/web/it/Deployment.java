package com.salaryml.web.it;

import java.net.URI;

/** The built WAR, deployed unchanged into a running container. */
interface Deployment extends AutoCloseable {

    /** The app's base URL, ending in "/": {@code http://127.0.0.1:PORT/salary/}, or {@code .../} as ROOT. */
    URI base();

    @Override
    void close() throws Exception;
}
