package com.salaryml.testservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

    private static Connection as(PostgresServer server, PostgresServer.Credentials user) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), user.user(), user.password());
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM facts")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void theRolesMayDoWhatTheirNamesSayAndTheDataOutlivesAStop() throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            try (Connection owner = as(server, server.owner()); Statement statement = owner.createStatement()) {
                statement.execute("CREATE TABLE facts (id int PRIMARY KEY, text text)");
                statement.execute("INSERT INTO facts VALUES (1, 'one')");
            }
            try (Connection writer = as(server, server.writer()); Statement statement = writer.createStatement()) {
                statement.execute("INSERT INTO facts VALUES (2, 'two')");
                assertThat(statement.executeUpdate("UPDATE facts SET text = 'deux' WHERE id = 2")).isOne();
                statement.execute("DELETE FROM facts WHERE id = 2");
                assertThat(count(writer)).isOne();
                assertThatThrownBy(() -> statement.execute("CREATE TABLE other (id int)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
            try (Connection reader = as(server, server.reader()); Statement statement = reader.createStatement()) {
                assertThat(count(reader)).isOne();
                assertThatThrownBy(() -> statement.execute("INSERT INTO facts VALUES (3, 'three')"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
            try {
                DriverManager.getConnection(server.jdbcUrl(), server.owner().user(), "wrong").close();
                throw new AssertionError("a wrong password was accepted");
            } catch (SQLException e) {
                assertThat(e.getMessage()).contains("password authentication failed");
            }

            server.stop();
            assertThatThrownBy(() -> as(server, server.owner())).isInstanceOf(SQLException.class);
            server.restart();
            try (Connection owner = as(server, server.owner())) {
                assertThat(count(owner)).isOne();
            }

            String other = server.createDatabase("another_one");
            try (Connection owner = DriverManager.getConnection(other, server.owner().user(),
                    server.owner().password()); Statement statement = owner.createStatement()) {
                statement.execute("CREATE TABLE facts (id int)");
                assertThat(count(owner)).isZero();
            }
            try (Connection writer = DriverManager.getConnection(other, server.writer().user(),
                    server.writer().password()); Statement statement = writer.createStatement()) {
                statement.execute("INSERT INTO facts VALUES (1)");
                assertThatThrownBy(() -> statement.execute("CREATE TABLE other (id int)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
        }
    }

    @Test
    void closingDeletesTheCluster() throws Exception {
        PostgresServer server = PostgresServer.start();
        Path data = server.directory();
        assertThat(data.resolve("data/PG_VERSION")).exists();
        server.close();
        assertThat(Files.exists(data)).isFalse();
    }
}
