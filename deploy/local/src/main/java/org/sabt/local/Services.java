package org.sabt.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The five packaged Quarkus services, started in parallel and awaited on /q/health/ready. */
public final class Services {

    public static void startAll(StackConfig config, Processes processes) {
        List<Processes.Started> started = new ArrayList<>();
        for (StackConfig.Service s : StackConfig.SERVICES) {
            Processes.requireFree(s.module(), config.port(s.basePort()));
        }
        for (StackConfig.Service s : StackConfig.SERVICES) {
            started.add(start(config, processes, s));
        }
        for (int i = 0; i < started.size(); i++) {
            String health = "http://127.0.0.1:" + config.port(StackConfig.SERVICES.get(i).basePort()) + "/q/health/ready";
            Processes.awaitReady(started.get(i), Duration.ofSeconds(120), () -> Processes.httpOk(health));
        }
    }

    /** Starts one service (e.g. again, after a test stopped it) and waits until it is ready. */
    public static void startOne(StackConfig config, Processes processes, String module) {
        StackConfig.Service s = StackConfig.SERVICES.stream().filter(service -> service.module().equals(module)).findFirst()
                .orElseThrow(() -> new StackException("no service " + module));
        Processes.requireFree(s.module(), config.port(s.basePort()));
        Processes.awaitReady(start(config, processes, s), Duration.ofSeconds(120),
                () -> Processes.httpOk("http://127.0.0.1:" + config.port(s.basePort()) + "/q/health/ready"));
    }

    /**
     * Starts another instance of a service on its own port, against the same database and broker (to test several
     * instances); its process is named {@code <module>#<port>}.
     */
    public static void startInstance(StackConfig config, Processes processes, String module, int port,
                                     Map<String, String> environment) {
        StackConfig.Service s = StackConfig.SERVICES.stream().filter(service -> service.module().equals(module)).findFirst()
                .orElseThrow(() -> new StackException("no service " + module));
        Processes.requireFree(module + " instance", port);
        Processes.awaitReady(start(config, processes, s, port, module + "#" + port, environment), Duration.ofSeconds(120),
                () -> Processes.httpOk("http://127.0.0.1:" + port + "/q/health/ready"));
    }

    private static Processes.Started start(StackConfig config, Processes processes, StackConfig.Service s) {
        return start(config, processes, s, config.port(s.basePort()), s.module(), Map.of());
    }

    private static Processes.Started start(StackConfig config, Processes processes, StackConfig.Service s, int port,
                                           String name, Map<String, String> environment) {
        Path jar = config.repo().resolve(s.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new StackException(s.module() + " is not built (" + jar + " is missing): run ./sabt build");
        }
        Map<String, String> env = new HashMap<>(config.serviceEnvironment());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.putAll(extraEnvironment());
        env.putAll(environment);
        Path archive = config.classDataArchive(name);
        forgetStaleArchive(archive, jar.getParent(), config.java());
        List<String> cmd = new ArrayList<>();
        cmd.add(config.java().toString());
        cmd.addAll(jvmOptions(config.javaFeatureVersion(), archive));
        cmd.addAll(List.of("-jar", jar.toString()));
        return processes.start(name, cmd, env, config.repo().resolve(s.module()));
    }

    /**
     * The services' JVM options, chosen from measurements on 2 cores (README "The services' JVM options"): the serial
     * collector (one collector thread, the least memory of its own) and a heap that grows from 16 MB and gives back
     * what a full collection frees beyond 20 %; glibc's free native memory returned every 5 s (the compilers' arenas);
     * 8-byte object headers (JDK 25); and a class-data archive per service, written by its first run when it stops and
     * mapped by every later start (a start does not parse and verify some 18,000 classes again: about half the CPU of
     * a start). Options a JDK older than {@code feature} does not know are left out.
     */
    static List<String> jvmOptions(int feature, Path archive) {
        List<String> options = new ArrayList<>(List.of("-Xms16m", "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:+ExitOnOutOfMemoryError",
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds=error")); // not the classes it leaves out of an archive, one warning each
        if (feature >= 22) {
            options.add("-XX:TrimNativeHeapInterval=5000");
        }
        if (feature >= 25) {
            options.add("-XX:+UseCompactObjectHeaders");
        }
        options.add("-Dfile.encoding=UTF-8"); // java.lang is opened by the jar's manifest (Add-Opens)
        return options;
    }

    /**
     * Deletes a class-data archive older than the service's build or the JDK: the JVM refuses such an archive (its jars
     * changed) but does not write it anew at exit as it does a missing one, so the service would start slower and
     * bigger until the archive is deleted.
     */
    private static void forgetStaleArchive(Path archive, Path app, Path java) {
        try {
            if (!Files.exists(archive)) {
                return;
            }
            FileTime written = Files.getLastModifiedTime(archive);
            boolean stale = Files.getLastModifiedTime(java.toRealPath()).compareTo(written) > 0;
            try (Stream<Path> files = Files.walk(app)) {
                stale |= files.anyMatch(f -> modified(f).compareTo(written) > 0);
            }
            if (stale) {
                Files.delete(archive);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StackException("cannot check the class-data archive " + archive + ": " + e.getMessage());
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SABT_SERVICE_ENV_* variables pass straight through to every service, e.g. to switch on JSON logs. */
    private static Map<String, String> extraEnvironment() {
        Map<String, String> extra = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("SABT_SERVICE_ENV_")) {
                extra.put(k.substring("SABT_SERVICE_ENV_".length()), v);
            }
        });
        return extra;
    }

    private Services() {
    }
}
