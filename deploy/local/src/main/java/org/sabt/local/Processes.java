package org.sabt.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Starting, watching and stopping the child processes of a stack, each with a pid file and a log. */
public final class Processes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StackConfig config;
    private final List<Started> started = new ArrayList<>();

    public record Started(String name, Process process, Path log) {
    }

    public Processes(StackConfig config) {
        this.config = config;
    }

    public synchronized Started start(String name, List<String> command, Map<String, String> env, Path workDir) {
        Path log = config.logs().resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            Files.writeString(config.pids().resolve(name + ".pid"), Long.toString(p.pid()));
            Started s = new Started(name, p, log);
            started.add(s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits until {@code ready} holds; fails with the tail of the log if the process dies or time runs out. */
    public static void awaitReady(Started s, Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!s.process().isAlive()) {
                throw new StackException(s.name() + " exited with code " + s.process().exitValue() + "\n" + tail(s.log()));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            pause(Duration.ofMillis(250));
        }
        throw new StackException(s.name() + " did not become healthy within " + timeout.toSeconds() + " s\n" + tail(s.log()));
    }

    public static boolean httpOk(String url) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static boolean portInUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void requireFree(String what, int port) {
        if (portInUse(port)) {
            throw new StackException("port " + port + " (" + what + ") is already in use");
        }
    }

    /** Stops one process this launcher started, by name, with its children. */
    public synchronized void stop(String name) {
        for (Started s : List.copyOf(started)) {
            if (s.name().equals(name)) {
                stop(s.process().toHandle(), Duration.ofSeconds(20));
                started.remove(s);
                forgetPid(s);
            }
        }
    }

    /** Kills one process at once (SIGKILL), as a crash would; its pid file goes. */
    public synchronized void kill(String name) {
        for (Started s : List.copyOf(started)) {
            if (s.name().equals(name)) {
                s.process().toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                s.process().destroyForcibly();
                s.process().onExit().join();
                started.remove(s);
                forgetPid(s);
            }
        }
    }

    /**
     * Deletes the process's pid file, unless it names another process by now: a part restarted by someone else (a
     * fault test) keeps its pid file, so that `down` still finds it.
     */
    private void forgetPid(Started s) {
        Path pidFile = config.pids().resolve(s.name() + ".pid");
        try {
            if (Files.exists(pidFile) && Files.readString(pidFile).trim().equals(Long.toString(s.process().pid()))) {
                Files.delete(pidFile);
            }
        } catch (IOException ignored) {
            // a pid file left behind is harmless: down checks that the pid is alive
        }
    }

    /** Stops everything this launcher started, newest first, with the children of each. */
    public synchronized void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Started s = started.get(i);
            stop(s.process().toHandle(), Duration.ofSeconds(20));
            forgetPid(s);
        }
        started.clear();
    }

    public static void stop(ProcessHandle handle, Duration grace) {
        List<ProcessHandle> all = new ArrayList<>(handle.descendants().toList());
        all.add(handle);
        all.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(grace);
        for (ProcessHandle h : all) {
            while (h.isAlive() && Instant.now().isBefore(deadline)) {
                pause(Duration.ofMillis(100));
            }
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    public static Optional<ProcessHandle> fromPidFile(Path pidFile) {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- last lines of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    public static void pause(Duration d) {
        java.util.concurrent.locks.LockSupport.parkNanos(d.toNanos());
        if (Thread.interrupted()) {
            throw new StackException("interrupted");
        }
    }
}
