package com.salaryml.web.database;

import com.salaryml.artifact.records.RecordTables;
import com.salaryml.web.config.DatabaseConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Brings the record's tables to this WAR's version, for teams whose application user may not alter the schema
 * (and who set {@code salary.database.migrate=false}): run by a user that may, from the unpacked WAR,
 * <pre>
 * unzip -q salary.war -d salary
 * SALARY_DATABASE_USER=salary_owner SALARY_DATABASE_PASSWORD=… \
 *   java -cp 'salary/WEB-INF/classes:salary/WEB-INF/lib/*' com.salaryml.web.database.MigrateCommand \
 *   jdbc:postgresql://db.example:5432/salary
 * </pre>
 * Exit status 0 when the tables are at this version (migrated now or before), 1 when they could not be, 2 for a
 * wrong command line.
 */
public final class MigrateCommand {

    private MigrateCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System::getenv, System.out, System.err));
    }

    static int run(String[] args, UnaryOperator<String> environment, PrintStream out, PrintStream err) {
        if (args.length != 1 || !args[0].startsWith("jdbc:postgresql:")) {
            err.println("usage: MigrateCommand jdbc:postgresql://HOST:PORT/DATABASE, with the user and password in "
                    + DatabaseConfig.USER_VARIABLE + " and " + DatabaseConfig.PASSWORD_VARIABLE);
            return 2;
        }
        String user = environment.apply(DatabaseConfig.USER_VARIABLE);
        String password = environment.apply(DatabaseConfig.PASSWORD_VARIABLE);
        if (user == null || user.isBlank() || password == null) {
            err.println("set " + DatabaseConfig.USER_VARIABLE + " and " + DatabaseConfig.PASSWORD_VARIABLE + " to a"
                    + " user that may create tables in the database; they are read from the environment alone");
            return 2;
        }
        if (args[0].matches("(?i).*[?&]password=.*")) {
            err.println("the URL holds a password; give it in " + DatabaseConfig.PASSWORD_VARIABLE + " instead");
            return 2;
        }
        var config = new DatabaseConfig(new DatabaseConfig.Url(args[0], user.strip(), password), true, 1,
                "migrate-command", Duration.ofSeconds(10), Duration.ZERO);
        try (Database database = Database.open(config)) {
            int applied = Schema.migrate(database);
            out.println("The record's tables in " + database.describe() + " are at version " + RecordTables.VERSION
                    + (applied == 0 ? "; they were already." : "; " + applied + " migration"
                    + (applied == 1 ? "" : "s") + " applied now."));
            return 0;
        } catch (DatabaseSetupException | Schema.SchemaException e) {
            err.println("The tables could not be migrated: " + e.getMessage());
            return 1;
        }
    }
}
