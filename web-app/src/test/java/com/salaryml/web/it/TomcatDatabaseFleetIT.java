package com.salaryml.web.it;

import com.salaryml.testservices.PostgresServer;
import java.util.Map;

/**
 * The record in PostgreSQL with replicas in Tomcat, each finding the container's own DataSource under
 * {@code java:comp/env/jdbc/salary}, which Tomcat's pool serves (TomcatChildServer). The app is given no user
 * or password of its own.
 */
class TomcatDatabaseFleetIT extends DatabaseFleetContract {

    @Override
    ReplicaProcess.Launch launch(String serverId, String databaseUrl, PostgresServer.Credentials user) {
        return new ReplicaProcess.Launch(TomcatChildServer.class, Map.of(TomcatChildServer.DATABASE_URL, databaseUrl),
                Map.of(TomcatChildServer.USER_VARIABLE, user.user(), TomcatChildServer.PASSWORD_VARIABLE,
                        user.password()));
    }
}
