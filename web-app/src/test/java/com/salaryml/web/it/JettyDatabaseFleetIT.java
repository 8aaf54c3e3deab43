package com.salaryml.web.it;

import com.salaryml.testservices.PostgresServer;
import com.salaryml.web.config.DatabaseConfig;
import java.util.Map;

/**
 * The record in PostgreSQL with replicas in Jetty, both ways docs/operations.md shows: replica "a" (and its
 * replacement) pools its own connections to the JDBC URL that {@code salary.database} names, as the user and
 * password in its environment; replica "b" finds the DataSource the server declares as Jetty's {@code EnvEntry}
 * under {@code java:comp/env/jdbc/salary} (ChildServer). One fleet, one record, whichever way each replica is
 * given it.
 */
class JettyDatabaseFleetIT extends DatabaseFleetContract {

    @Override
    ReplicaProcess.Launch launch(String serverId, String databaseUrl, PostgresServer.Credentials user) {
        if (serverId.startsWith("b")) {
            return new ReplicaProcess.Launch(ChildServer.class, Map.of(DatabaseConfig.DATABASE,
                    "java:comp/env/jdbc/salary", ChildServer.RESOURCE_URL, databaseUrl),
                    Map.of(ChildServer.USER_VARIABLE, user.user(), ChildServer.PASSWORD_VARIABLE, user.password()));
        }
        return new ReplicaProcess.Launch(ChildServer.class, Map.of(DatabaseConfig.DATABASE, databaseUrl),
                Map.of(DatabaseConfig.USER_VARIABLE, user.user(), DatabaseConfig.PASSWORD_VARIABLE, user.password()));
    }
}
