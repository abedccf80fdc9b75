package org.sabt.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The stack's PostgreSQL: the server at SABT_DB_URL when one answers, otherwise an embedded
 * PostgreSQL 17 whose data stays in the stack's folder. Creates one database per service.
 */
public final class Postgres implements AutoCloseable {

    private EmbeddedPostgres embedded;

    /** Returns the configuration pointing at the database server actually used. */
    public StackConfig start(StackConfig config, boolean fresh) {
        StackConfig used = config;
        if (!answers(config)) {
            Processes.requireFree("embedded PostgreSQL", config.embeddedPostgresPort());
            Path data = config.home().resolve("postgres");
            try {
                Files.createDirectories(data);
                embedded = EmbeddedPostgres.builder()
                        .setPort(config.embeddedPostgresPort())
                        .setDataDirectory(data)
                        .setCleanDataDirectory(fresh)
                        .setOverrideWorkingDirectory(config.home().resolve("postgres-bin").toFile())
                        .start();
            } catch (IOException e) {
                throw new StackException("embedded PostgreSQL did not start: " + e.getMessage(), e);
            }
            used = config.withDatabase("127.0.0.1", config.embeddedPostgresPort());
            writePid(config, data);
        }
        createDatabases(used, fresh);
        return used;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    static boolean answers(StackConfig config) {
        try (Connection ignored = connect(config, "postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void createDatabases(StackConfig config, boolean fresh) {
        try (Connection c = connect(config, "postgres"); Statement st = c.createStatement()) {
            for (String db : StackConfig.DATABASES) {
                String name = config.dbPrefix() + db;
                if (fresh) {
                    st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
                try (var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    if (!rs.next()) {
                        st.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
                    }
                }
            }
        } catch (SQLException e) {
            throw new StackException("cannot create the databases on " + config.dbHost() + ":" + config.dbPort()
                    + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(StackConfig config, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", config.dbUser());
        p.setProperty("password", config.dbPassword());
        p.setProperty("connectTimeout", "3");
        return DriverManager.getConnection("jdbc:postgresql://" + config.dbHost() + ":" + config.dbPort() + "/" + database, p);
    }

    /** The embedded server runs detached from this JVM; its pid lets `down` find it after a crash. */
    private static void writePid(StackConfig config, Path data) {
        try {
            String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
            Files.writeString(config.pids().resolve("postgres.pid"), pid);
        } catch (IOException | IndexOutOfBoundsException e) {
            // without the pid file `down` cannot stop an orphaned server, but the normal stop still works
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            embedded = null;
        }
    }
}
