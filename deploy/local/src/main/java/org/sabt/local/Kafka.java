package org.sabt.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A single-node KRaft Kafka broker run from the Kafka jars Maven copied to deploy/local/target/kafka-libs. */
public final class Kafka {

    static final int PARTITIONS = 6;

    public static Processes.Started start(StackConfig config, Processes processes, boolean fresh) {
        Processes.requireFree("Kafka", config.kafkaPort());
        Processes.requireFree("Kafka controller", config.kafkaControllerPort());
        Path libs = config.repo().resolve("deploy/local/target/kafka-libs");
        if (!Files.isDirectory(libs)) {
            throw new StackException("Kafka jars are missing at " + libs + ": build deploy/local first (./sabt builds it)");
        }
        Path home = config.home().resolve("kafka");
        Path data = home.resolve("data");
        try {
            if (fresh) {
                Launcher.deleteTree(data);
            }
            Files.createDirectories(home);
            Files.writeString(home.resolve("server.properties"), serverProperties(config, data));
            Files.writeString(home.resolve("log4j2.properties"), LOG4J2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String classpath = libs.toAbsolutePath() + "/*";
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(config, classpath, home);
        }
        List<String> cmd = new ArrayList<>(List.of(config.java().toString(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                "-cp", classpath, "kafka.Kafka", home.resolve("server.properties").toString()));
        return processes.start("kafka", cmd, Map.of(), home);
    }

    private static void format(StackConfig config, String classpath, Path home) {
        List<String> cmd = List.of(config.java().toString(), "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                "-cp", classpath, "kafka.tools.StorageTool", "format", "--ignore-formatted",
                "-t", Uuid.randomUuid().toString(), "-c", home.resolve("server.properties").toString());
        try {
            Path log = config.logs().resolve("kafka-format.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new StackException("formatting Kafka's storage failed\n" + Processes.tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while formatting Kafka's storage");
        }
    }

    /** Waits for the broker to answer and creates the topics of ARCHITECTURE.md that are not there yet. */
    public static void awaitReadyAndCreateTopics(StackConfig config, Processes.Started kafka) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            Processes.awaitReady(kafka, Duration.ofSeconds(60), () -> {
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = StackConfig.TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            throw new StackException("Kafka topics could not be created: " + e.getMessage(), e);
        }
    }

    private static String serverProperties(StackConfig config, Path data) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + config.kafkaControllerPort(),
                "listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort() + ",CONTROLLER://127.0.0.1:" + config.kafkaControllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=" + PARTITIONS,
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "") ;
    }

    private static final String LOG4J2 = String.join("\n",
            "status = warn",
            "appender.console.type = Console",
            "appender.console.name = STDOUT",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.stdout.ref = STDOUT",
            "logger.kafka.name = kafka",
            "logger.kafka.level = warn",
            "logger.ak.name = org.apache.kafka",
            "logger.ak.level = warn",
            "");

    private Kafka() {
    }
}
