package com.salaryml.web.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    private static final Map<String, String> CREDENTIALS = Map.of("SALARY_DATABASE_USER", "salary_app",
            "SALARY_DATABASE_PASSWORD", "s3cret");

    private static AppConfig read(Map<String, String> settings, Map<String, String> environment)
            throws AppConfig.ConfigException {
        return AppConfig.read(new Settings(AppConfigTest.context(settings)), environment::get);
    }

    private static String problem(Map<String, String> settings, Map<String, String> environment) {
        return catchThrowableOfType(AppConfig.ConfigException.class, () -> read(settings, environment))
                .getMessage();
    }

    @Test
    void withoutTheSettingTheFilesAreTheRecord() throws Exception {
        assertThat(read(Map.of(), CREDENTIALS).database()).isEmpty();
    }

    @Test
    void aJdbcUrlTakesItsUserAndPasswordFromTheEnvironment() throws Exception {
        DatabaseConfig config = read(Map.of("salary.database", "jdbc:postgresql://db.example:5432/salary",
                "salary.server-id", "replica-1", "salary.database.retention-days", "400"), CREDENTIALS)
                .database().orElseThrow();
        assertThat(config.source()).isEqualTo(new DatabaseConfig.Url("jdbc:postgresql://db.example:5432/salary",
                "salary_app", "s3cret"));
        assertThat(config.source().toString()).doesNotContain("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThat(config.migrate()).isTrue();
        assertThat(config.poolSize()).isEqualTo(10);
        assertThat(config.serverId()).isEqualTo("replica-1");
        assertThat(config.figuresAge()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.retention()).isEqualTo(Duration.ofDays(400));
        assertThat(config.retains()).isTrue();
    }

    @Test
    void aJndiNameNeedsNoCredentials() throws Exception {
        DatabaseConfig config = read(Map.of("salary.database", "java:comp/env/jdbc/salary",
                "salary.database.migrate", "false"), Map.of()).database().orElseThrow();
        assertThat(config.source()).isEqualTo(new DatabaseConfig.Jndi("java:comp/env/jdbc/salary"));
        assertThat(config.migrate()).isFalse();
        assertThat(config.retains()).isFalse();
        assertThat(config.serverId()).isNotBlank();
    }

    @Test
    void aJdbcUrlWithoutTheEnvironmentsCredentialsIsRefusedSayingWhichAreMissing() {
        assertThat(problem(Map.of("salary.database", "jdbc:postgresql://db/salary"), Map.of()))
                .contains("SALARY_DATABASE_USER").contains("SALARY_DATABASE_PASSWORD").contains("neither");
        assertThat(problem(Map.of("salary.database", "jdbc:postgresql://db/salary"),
                Map.of("SALARY_DATABASE_USER", "salary_app"))).contains("SALARY_DATABASE_USER only");
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutBeingRepeated() {
        String problem = problem(Map.of("salary.database", "jdbc:postgresql://db/salary?user=a&password=hunter2"),
                CREDENTIALS);
        assertThat(problem).contains("salary.database").contains("SALARY_DATABASE_PASSWORD")
                .doesNotContain("hunter2");
    }

    @Test
    void aUserInTheUrlIsRefusedAsTheTrainerRefusesIt() {
        assertThat(problem(Map.of("salary.database", "jdbc:postgresql://db/salary?ssl=true&user=salary_admin"),
                CREDENTIALS)).contains("names a user (user=salary_admin)").contains("SALARY_DATABASE_USER");
    }

    @Test
    void otherDatabasesAndBadValuesAreNamed() {
        assertThat(problem(Map.of("salary.database", "jdbc:mysql://db/salary"), CREDENTIALS))
                .contains("jdbc:mysql://db/salary").contains("java:comp/env/jdbc/salary")
                .contains("jdbc:postgresql://");
        var settings = new HashMap<>(Map.of("salary.database", "jdbc:postgresql://db/salary",
                "salary.database.pool-size", "1", "salary.server-id", "has space"));
        assertThat(problem(settings, CREDENTIALS)).contains("salary.database.pool-size").contains("from 2 to 1000")
                .contains("salary.server-id = \"has space\"");
    }

    @Test
    void theDatabaseAndTheLogFileAreNotBothTheRecord() {
        assertThat(problem(Map.of("salary.database", "java:comp/env/jdbc/salary", "salary.prediction-log",
                "/var/log/salary/predictions.jsonl"), Map.of())).contains("both salary.database and"
                + " salary.prediction-log are set");
    }
}
