package com.salaryml.web.it;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What every contract that deploys the built WAR once for all its tests shares: the client, the deployment
 * (made by the contract's own {@code @BeforeAll}), undeploying it after the last test, and addresses in it.
 * Each container's IT names the container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeployedContract {

    final Http http = new Http();
    Deployment app;

    abstract Container container();

    @AfterAll
    void undeploy() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    URI at(String relative) {
        return app.base().resolve(relative);
    }
}
