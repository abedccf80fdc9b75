package org.sabt.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from the Maven distribution zip, in development mode on a fixed port, storing its data
 * in the stack's PostgreSQL and importing deploy/keycloak/sabt-realm.json when the realm is new.
 */
public final class Keycloak {

    public static Processes.Started start(StackConfig config, Processes processes) {
        Processes.requireFree("Keycloak", config.keycloakPort());
        Processes.requireFree("Keycloak management", config.keycloakManagementPort());
        Path dist = unpack(config);
        try {
            Path imports = Files.createDirectories(dist.resolve("data/import"));
            Files.copy(config.repo().resolve("deploy/keycloak/sabt-realm.json"), imports.resolve("sabt-realm.json"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = List.of(dist.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + config.keycloakPort(),
                "--http-management-port=" + config.keycloakManagementPort(),
                "--health-enabled=true",
                "--import-realm",
                "--db=postgres",
                "--db-url=" + config.jdbcUrl("keycloak"),
                "--db-username=" + config.dbUser(),
                "--db-password=" + config.dbPassword(),
                "--log-level=warn");
        Map<String, String> env = Map.of(
                "JAVA_HOME", config.javaHome().toString(),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m",
                "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        return processes.start("keycloak", cmd, env, dist);
    }

    public static void awaitReady(StackConfig config, Processes.Started keycloak) {
        String health = "http://127.0.0.1:" + config.keycloakManagementPort() + "/health/ready";
        Processes.awaitReady(keycloak, Duration.ofSeconds(240),
                () -> Processes.httpOk(health) && Processes.httpOk(config.oidcUrl() + "/.well-known/openid-configuration"));
    }

    /** Unpacks the distribution once per checkout; a marker file says the unpacking finished. */
    private static Path unpack(StackConfig config) {
        Path zip = distributionZip();
        String name = zip.getFileName().toString().replace(".zip", "");
        Path target = config.dist().resolve(name);
        Path marker = target.resolve(".unpacked");
        if (Files.exists(marker)) {
            return keycloakHome(target);
        }
        try {
            Launcher.deleteTree(target);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    Path out = target.resolve(e.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new StackException("unsafe entry in " + zip + ": " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                        if (out.toString().endsWith(".sh")) {
                            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                        }
                    }
                }
            }
            Files.createFile(marker);
            return keycloakHome(target);
        } catch (IOException e) {
            throw new StackException("cannot unpack Keycloak from " + zip + ": " + e.getMessage(), e);
        }
    }

    private static Path keycloakHome(Path unpacked) {
        try (var children = Files.list(unpacked)) {
            return children.filter(p -> Files.exists(p.resolve("bin/kc.sh"))).findFirst()
                    .orElseThrow(() -> new StackException("no bin/kc.sh under " + unpacked));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build records where Maven put the zip (see deploy/local/pom.xml). */
    private static Path distributionZip() {
        Properties p = new Properties();
        try (InputStream in = Keycloak.class.getResourceAsStream("/sabt-local.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new StackException("sabt-local.properties missing from the launcher jar");
        }
        Path zip = Path.of(p.getProperty("keycloak.dist.zip"));
        if (!Files.exists(zip)) {
            throw new StackException("Keycloak distribution not found at " + zip + ": rebuild deploy/local");
        }
        return zip;
    }

    private Keycloak() {
    }
}
