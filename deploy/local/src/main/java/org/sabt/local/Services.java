package org.sabt.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        List<String> cmd = List.of(config.java().toString(), "-Xms32m", "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-jar", jar.toString());
        return processes.start(name, cmd, env, config.repo().resolve(s.module()));
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
