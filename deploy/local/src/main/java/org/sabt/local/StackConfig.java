package org.sabt.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a local stack lives and which ports it uses. Every value comes from the environment so
 * that `./sabt up` and `./sabt test` can run side by side (the test stack uses a port offset and
 * its own data folder and database prefix).
 */
public record StackConfig(Path repo, Path home, int portOffset, String dbHost, int dbPort, String dbUser,
                          String dbPassword, String dbPrefix, Path javaHome) {

    /** The services in start order; the gateway comes last because it routes to the others. */
    public static final List<Service> SERVICES = List.of(
            new Service("registry-service", "registry", 8081),
            new Service("application-service", "applications", 8082),
            new Service("document-service", "documents", 8083),
            new Service("notification-service", "notifications", 8084),
            new Service("api-gateway", null, 8080));

    /** Databases the launcher creates: one per service, Keycloak's, and the chassis' own tests'. */
    public static final List<String> DATABASES = List.of("registry", "applications", "documents", "notifications",
            "keycloak", "chassis");

    public static final List<String> TOPICS = List.of("sabt.registry.acts", "sabt.registry.persons",
            "sabt.applications", "sabt.documents", "sabt.notifications");

    public record Service(String module, String database, int basePort) {
    }

    public static StackConfig fromEnvironment() {
        Map<String, String> env = System.getenv();
        Path repo = Path.of(env.getOrDefault("SABT_REPO", ".")).toAbsolutePath().normalize();
        Path home = Path.of(env.getOrDefault("SABT_HOME", repo.resolve(".sabt/local").toString())).toAbsolutePath();
        String db = env.getOrDefault("SABT_DB_URL", "127.0.0.1:5432").replaceFirst("^.*//", "").replaceFirst("/.*$", "");
        int colon = db.lastIndexOf(':');
        return new StackConfig(repo, home,
                Integer.parseInt(env.getOrDefault("SABT_PORT_OFFSET", "0")),
                colon < 0 ? db : db.substring(0, colon),
                colon < 0 ? 5432 : Integer.parseInt(db.substring(colon + 1)),
                env.getOrDefault("SABT_DB_USER", "postgres"),
                env.getOrDefault("SABT_DB_PASSWORD", "postgres"),
                env.getOrDefault("SABT_DB_PREFIX", "sabt_"),
                Path.of(env.getOrDefault("JAVA_HOME", System.getProperty("java.home"))));
    }

    public StackConfig withDatabase(String host, int port) {
        return new StackConfig(repo, home, portOffset, host, port, dbUser, dbPassword, dbPrefix, javaHome);
    }

    public int port(int base) {
        return base + portOffset;
    }

    public int kafkaPort() {
        return port(9092);
    }

    public int kafkaControllerPort() {
        return port(9093);
    }

    public int keycloakPort() {
        return port(8180);
    }

    public int keycloakManagementPort() {
        return port(9180);
    }

    /** The local SMTP server citizens' e-mail goes to (notification-service's peer). */
    public int smtpPort() {
        return port(2525);
    }

    /** The local SMSC citizens' SMS go to. */
    public int smppPort() {
        return port(2775);
    }

    /** What the local SMTP server and SMSC received, as JSON: /mail?to=, /sms?to=. */
    public int peersPort() {
        return port(8025);
    }

    public String peersUrl() {
        return "http://127.0.0.1:" + peersPort();
    }

    public int embeddedPostgresPort() {
        return port(5433);
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort();
    }

    public String keycloakUrl() {
        return "http://127.0.0.1:" + keycloakPort();
    }

    public String oidcUrl() {
        return keycloakUrl() + "/realms/sabt";
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + port(8080);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + dbPrefix + database;
    }

    public Path java() {
        return javaHome.resolve("bin/java");
    }

    /** The feature version of the JDK the services run on (25 for 25.0.1), from its {@code release} file. */
    public int javaFeatureVersion() {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // below: the launcher's own version
        }
        return Runtime.version().feature();
    }

    /** Where a service's class-data archive lives: one per process name ({@code registry-service#18281} apart). */
    public Path classDataArchive(String processName) {
        return dir(home.resolve("cds")).resolve(processName.replace('#', '-') + ".jsa");
    }

    public Path logs() {
        return dir(home.resolve("logs"));
    }

    public Path pids() {
        return dir(home.resolve("pids"));
    }

    /** Unpacked distributions are shared by every stack of this checkout. */
    public Path dist() {
        return dir(repo.resolve(".sabt/dist"));
    }

    /** What a service (or a test of one) needs to find the infrastructure; also written to stack.env. */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SABT_DB_HOST", dbHost);
        env.put("SABT_DB_PORT", Integer.toString(dbPort));
        env.put("SABT_DB_USER", dbUser);
        env.put("SABT_DB_PASSWORD", dbPassword);
        env.put("SABT_DB_PREFIX", dbPrefix);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
        env.put("SABT_OIDC_URL", oidcUrl());
        env.put("SABT_KEYCLOAK_URL", keycloakUrl());
        env.put("SABT_GATEWAY_URL", gatewayUrl());
        env.put("SABT_PORT_OFFSET", Integer.toString(portOffset));
        // The local stack is for development: agencies' webhooks may go to a receiver on this machine over plain HTTP.
        env.put("SABT_WEBHOOKS_ALLOW_LOOPBACK_HTTP", "true");
        // Citizens' e-mail and SMS go to the stack's own SMTP server and SMSC (Peers), never off the machine.
        env.put("SABT_EMAIL_ENABLED", "true");
        env.put("SABT_SMTP_HOST", "127.0.0.1");
        env.put("SABT_SMTP_PORT", Integer.toString(smtpPort()));
        // GreenMail now and then waits for a command the client has sent until the attempt times out (30 s; the next
        // attempt goes through, a minute later): on this machine an attempt gets 5 s and the first retry comes after 5 s.
        env.put("SABT_EMAIL_TIMEOUT", "5s");
        env.put("SABT_EMAIL_SCHEDULE", "0s,5s,1m,5m,30m,2h,6h");
        env.put("SABT_SMS_ENABLED", "true");
        env.put("SABT_SMPP_HOST", "127.0.0.1");
        env.put("SABT_SMPP_PORT", Integer.toString(smppPort()));
        env.put("SABT_OFFICE_MAILBOX", "backoffice.{office}@sabt.local");
        env.put("SABT_PEERS_URL", peersUrl());
        for (Service s : SERVICES) {
            env.put(urlVariable(s), "http://127.0.0.1:" + port(s.basePort()));
        }
        return env;
    }

    public static String urlVariable(Service s) {
        return "SABT_" + s.module().replace("-service", "").replace("api-", "").replace('-', '_').toUpperCase() + "_URL";
    }

    private static Path dir(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + p, e);
        }
    }
}
