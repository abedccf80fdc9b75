package org.sabt.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local stack: `up` starts PostgreSQL (or uses the machine's), Kafka, Keycloak and the five
 * services and stays in the foreground until Ctrl-C or `down`; `down` stops a running stack by the
 * pids it recorded; `status` says what runs. `./sabt` and the system tests both use it.
 */
public final class Launcher {

    private final StackConfig requested;
    private final Processes processes;
    private final Postgres postgres = new Postgres();
    private StackConfig config;
    private Peers peers;

    public Launcher(StackConfig config) {
        this.requested = config;
        this.config = config;
        this.processes = new Processes(config);
    }

    public static void main(String[] args) {
        StackConfig config = StackConfig.fromEnvironment();
        List<String> opts = List.of(args).subList(Math.min(1, args.length), args.length);
        String command = args.length == 0 ? "help" : args[0];
        try {
            switch (command) {
                case "up" -> new Launcher(config).up(opts.contains("--fresh"), !opts.contains("--infra"));
                case "down" -> System.exit(down(config) ? 0 : 1);
                case "status" -> System.exit(status(config) ? 0 : 3);
                default -> {
                    System.err.println("usage: Launcher up [--fresh] [--infra] | down | status");
                    System.exit(2);
                }
            }
        } catch (StackException e) {
            System.err.println("sabt: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Starts the stack and blocks until the JVM is asked to stop; then stops what it started. */
    public void up(boolean fresh, boolean withServices) {
        Path launcherPid = config.pids().resolve("launcher.pid");
        Processes.fromPidFile(launcherPid).ifPresent(h -> {
            throw new StackException("a stack already runs from " + config.home() + " (pid " + h.pid() + "): ./sabt down first");
        });
        writeString(launcherPid, Long.toString(ProcessHandle.current().pid()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop();
            deleteQuietly(config.home().resolve("ready"));
            deleteQuietly(launcherPid);
            stopped.countDown();
        }, "sabt-stop"));
        try {
            long t0 = System.nanoTime();
            requirePortsFree(withServices);
            startInfrastructure(fresh);
            if (withServices) {
                Services.startAll(config, processes);
            }
            writeEnvironment();
            printSummary(withServices, Duration.ofNanos(System.nanoTime() - t0));
            writeString(config.home().resolve("ready"), "up");
        } catch (RuntimeException e) {
            System.err.println("sabt: " + e.getMessage());
            System.exit(1);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** PostgreSQL, then Kafka and Keycloak side by side; returns when all three are healthy. */
    public StackConfig startInfrastructure(boolean fresh) {
        deleteQuietly(config.home().resolve("ready"));
        say("PostgreSQL ...");
        config = postgres.start(requested, fresh);
        say("PostgreSQL ready on " + config.dbHost() + ":" + config.dbPort()
                + (postgres.isEmbedded() ? " (embedded)" : " (the machine's)"));
        Processes.Started kafka = Kafka.start(config, processes, fresh);
        Processes.Started keycloak = Keycloak.start(config, processes);
        Kafka.awaitReadyAndCreateTopics(config, kafka);
        say("Kafka ready on " + config.kafkaBootstrap());
        Keycloak.awaitReady(config, keycloak);
        say("Keycloak ready on " + config.keycloakUrl());
        peers = Peers.start(config);
        say("SMTP server on 127.0.0.1:" + config.smtpPort() + ", SMSC on 127.0.0.1:" + config.smppPort()
                + ", what they received at " + config.peersUrl() + "/mail and /sms");
        return config;
    }

    /** Fails at once, naming the port, rather than after the infrastructure has started. */
    private void requirePortsFree(boolean withServices) {
        Processes.requireFree("Kafka", config.kafkaPort());
        Processes.requireFree("Kafka controller", config.kafkaControllerPort());
        Processes.requireFree("Keycloak", config.keycloakPort());
        Processes.requireFree("Keycloak management", config.keycloakManagementPort());
        Processes.requireFree("SMTP server", config.smtpPort());
        Processes.requireFree("SMSC", config.smppPort());
        Processes.requireFree("peers API", config.peersPort());
        if (withServices) {
            StackConfig.SERVICES.forEach(s -> Processes.requireFree(s.module(), config.port(s.basePort())));
        }
    }

    /** Starts the five services against infrastructure that is already up (used by the system tests). */
    public void startServices() {
        Services.startAll(config, processes);
    }

    /** Stops one of the services (fault tests: the others go on without it). */
    public void stopService(String module) {
        processes.stop(module);
    }

    /** Starts a stopped service again and waits until it is ready. */
    public void startService(String module) {
        Services.startOne(config, processes, module);
    }

    /** Starts again every service that does not answer its readiness check (after a fault test, say). */
    public void restartDeadServices() {
        for (StackConfig.Service s : StackConfig.SERVICES) {
            if (!Processes.httpOk("http://127.0.0.1:" + config.port(s.basePort()) + "/q/health/ready")
                    && !Processes.portInUse(config.port(s.basePort()))) {
                processes.stop(s.module());
                Services.startOne(config, processes, s.module());
            }
        }
    }

    /** Starts a second (third, ...) instance of a service on another port; stop it with {@code stopService(module + "#" + port)}. */
    public void startInstance(String module, int port) {
        startInstance(module, port, java.util.Map.of());
    }

    /** As {@link #startInstance(String, int)}, with configuration of its own (environment variables). */
    public void startInstance(String module, int port, java.util.Map<String, String> environment) {
        Services.startInstance(config, processes, module, port, environment);
    }

    /** Kills a service at once (SIGKILL): nothing flushed, nothing said, as in a crash. */
    public void killService(String module) {
        processes.kill(module);
    }

    /**
     * Stops a part of the infrastructure ({@code kafka} or {@code keycloak}), whichever launcher started it (the
     * system tests' infrastructure runs from ./sabt test's): found by its pid file.
     */
    public void stopPart(String part) {
        processes.stop(part);
        Processes.fromPidFile(config.pids().resolve(part + ".pid")).ifPresent(h -> Processes.stop(h, Duration.ofSeconds(30)));
        deleteQuietly(config.pids().resolve(part + ".pid"));
    }

    /**
     * Starts Kafka or Keycloak again, on the data it had, and waits until it answers. It outlives this launcher, as
     * the one it replaces would have: whoever started the infrastructure stops it (`down` finds it by its pid file).
     */
    public void startPart(String part) {
        Processes detached = new Processes(config);
        switch (part) {
            case "kafka" -> Kafka.awaitReadyAndCreateTopics(config, Kafka.start(config, detached, false));
            case "keycloak" -> Keycloak.awaitReady(config, Keycloak.start(config, detached));
            default -> throw new StackException("no infrastructure part " + part);
        }
    }

    /**
     * Restarts the machine's PostgreSQL cluster (pg_ctlcluster, as root or postgres), dropping every connection; the
     * embedded one is not restarted.
     */
    public void restartPostgres(Duration down) {
        if (postgres.isEmbedded()) {
            throw new StackException("the embedded PostgreSQL is not restarted by the launcher");
        }
        String version = postgresVersion();
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop", "-m", "fast"));
        Processes.pause(down);
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"));
    }

    private static String postgresVersion() {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(p -> p.getFileName().toString()).sorted(Comparator.reverseOrder()).findFirst()
                    .orElseThrow(() -> new StackException("no PostgreSQL cluster in /etc/postgresql"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new StackException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }

    public void stop() {
        processes.stopAll();
        if (peers != null) {
            peers.stop();
            peers = null;
        }
        if (postgres.isEmbedded()) {
            postgres.close();
            deleteQuietly(config.pids().resolve("postgres.pid"));
        }
    }

    private void writeEnvironment() {
        String env = config.serviceEnvironment().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n"));
        writeString(config.home().resolve("stack.env"), env);
    }

    private void printSummary(boolean withServices, Duration took) {
        StringBuilder b = new StringBuilder("\nSabt is up (" + took.toSeconds() + " s). Data in " + config.home() + "\n");
        if (withServices) {
            b.append("  Gateway (the API)   ").append(config.gatewayUrl()).append("/api/v1\n");
            b.append("  API docs            ").append(config.gatewayUrl()).append("/q/swagger-ui  (merged OpenAPI: ")
                    .append(config.gatewayUrl()).append("/q/openapi)\n");
        }
        b.append("  Keycloak            ").append(config.keycloakUrl()).append("  (admin console: admin / admin)\n");
        b.append("  Token endpoint      ").append(config.oidcUrl()).append("/protocol/openid-connect/token\n");
        b.append("  Kafka               ").append(config.kafkaBootstrap()).append("\n");
        b.append("  Citizens' messages  ").append(config.peersUrl()).append("/mail, ").append(config.peersUrl())
                .append("/sms  (the local SMTP server on ").append(config.smtpPort()).append(", SMSC on ")
                .append(config.smppPort()).append(")\n");
        b.append("  PostgreSQL          ").append(config.dbHost()).append(':').append(config.dbPort())
                .append("  databases ").append(config.dbPrefix()).append("{registry,applications,documents,notifications}\n");
        b.append("""
                  Demo logins (password for all: sabt-demo; client sabt-cli, password grant, development only):
                    registrar.kulob   registrar in KHT02      backoffice.kulob  back-office in KHT02
                    registrar.sino    registrar in DSH01      supervisor        supervisor (all offices)
                    archivist         archivist (all)         auditor           auditor (all)
                    admin             admin (all)             citizen.madina    citizen 1000000001
                    citizen.rustam    citizen 1000000002
                  Logs in %s; stop with Ctrl-C or ./sabt down
                """.formatted(config.logs()));
        System.out.println(b);
    }

    /** Stops the stack recorded under the configured home: the launcher first, then any orphan it left. */
    public static boolean down(StackConfig config) {
        Path pids = config.pids();
        Processes.fromPidFile(pids.resolve("launcher.pid")).ifPresent(h -> Processes.stop(h, Duration.ofSeconds(60)));
        try (Stream<Path> files = Files.list(pids)) {
            for (Path f : files.toList()) {
                Processes.fromPidFile(f).ifPresent(h -> {
                    System.out.println("stopping leftover " + f.getFileName().toString().replace(".pid", "") + " (pid " + h.pid() + ")");
                    Processes.stop(h, Duration.ofSeconds(30));
                });
                deleteQuietly(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deleteQuietly(config.home().resolve("ready"));
        return true;
    }

    public static boolean status(StackConfig config) {
        boolean any = false;
        try (Stream<Path> files = Files.list(config.pids())) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString().replace(".pid", "");
                var h = Processes.fromPidFile(f);
                any |= h.isPresent();
                System.out.printf("  %-22s %s%n", name, h.map(p -> "running (pid " + p.pid() + ")").orElse("not running"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (StackConfig.Service s : StackConfig.SERVICES) {
            String url = "http://127.0.0.1:" + config.port(s.basePort()) + "/q/health/ready";
            System.out.printf("  %-22s %s%n", s.module() + " health", Processes.httpOk(url) ? "UP" : "down");
        }
        if (!any) {
            System.out.println("  nothing of ours is running from " + config.home());
        }
        return any;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void writeString(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing to clean up then
        }
    }

    private static void say(String s) {
        System.out.println("sabt: " + s);
    }
}
