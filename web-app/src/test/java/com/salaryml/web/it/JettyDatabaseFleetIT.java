package com.salaryml.web.it;

import com.salaryml.testservices.PostgresServer;
import com.salaryml.web.config.DatabaseConfig;
import java.util.Map;

/**
 * The record in PostgreSQL with replicas in Jetty, each pooling its own connections to the JDBC URL that
 * {@code salary.database} names, as the user and password in its environment.
 */
class JettyDatabaseFleetIT extends DatabaseFleetContract {

    @Override
    ReplicaProcess.Launch launch(String databaseUrl, PostgresServer.Credentials user) {
        return new ReplicaProcess.Launch(ChildServer.class, Map.of(DatabaseConfig.DATABASE, databaseUrl),
                Map.of(DatabaseConfig.USER_VARIABLE, user.user(), DatabaseConfig.PASSWORD_VARIABLE, user.password()));
    }
}
