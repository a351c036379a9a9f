package com.nlre.tenancy.faults;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command side's event store for one run. When {@code NLRE_TEST_JDBC_URL} names a PostgreSQL server (as in CI), a
 * fresh database on it, created here and dropped by {@link #drop()}; otherwise an H2 file under the run directory,
 * with the URL {@code run-local.sh} uses.
 */
final class EventStoreDatabase {

    private static final Pattern POSTGRES_URL = Pattern.compile("^jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+).*$");

    private final String description;
    private final Map<String, String> environment;
    private final String adminUrl;
    private final String user;
    private final String password;
    private final String database;

    private EventStoreDatabase(String description, Map<String, String> environment, String adminUrl, String user,
                               String password, String database) {
        this.description = description;
        this.environment = environment;
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    static EventStoreDatabase forRun(Path runDir) {
        String url = System.getenv("NLRE_TEST_JDBC_URL");
        Matcher postgres = url == null ? null : POSTGRES_URL.matcher(url.trim());
        if (postgres == null || !postgres.matches()) {
            String h2 = "jdbc:h2:file:" + runDir.resolve("events").resolve("events").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
            return new EventStoreDatabase("H2 file (" + h2 + ")", Map.of("SPRING_DATASOURCE_URL", h2), null, null,
                    null, null);
        }
        String host = postgres.group(1);
        String port = postgres.group(2) == null ? "5432" : postgres.group(2);
        String user = envOr("NLRE_TEST_JDBC_USER", "postgres");
        String password = envOr("NLRE_TEST_JDBC_PASSWORD", "");
        String database = "nlre_faults_" + System.currentTimeMillis();
        String adminUrl = "jdbc:postgresql://" + host + ":" + port + "/" + postgres.group(3);
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the run's database " + database + " on " + adminUrl, e);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://" + host + ":" + port + "/" + database);
        environment.put("SPRING_DATASOURCE_USERNAME", user);
        environment.put("SPRING_DATASOURCE_PASSWORD", password);
        return new EventStoreDatabase("PostgreSQL (" + host + ":" + port + ", fresh database " + database + ")",
                environment, adminUrl, user, password, database);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    String description() {
        return description;
    }

    /** The command side's datasource settings. */
    Map<String, String> environment() {
        return environment;
    }

    /** Drops the run's PostgreSQL database (nothing for H2); call once the command side has stopped. */
    void drop() {
        if (database == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("[faults] could not drop database " + database + ": " + e.getMessage());
        }
    }
}
