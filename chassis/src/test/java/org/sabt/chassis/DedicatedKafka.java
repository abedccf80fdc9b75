package org.sabt.chassis;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.sabt.local.Kafka;
import org.sabt.local.Processes;
import org.sabt.local.StackConfig;

import java.nio.file.Path;
import java.util.Map;

/**
 * A Kafka broker of the chassis tests' own (a real one, from the launcher), so that a test can stop
 * and restart it without disturbing anything else.
 */
public class DedicatedKafka implements QuarkusTestResourceLifecycleManager {

    private static StackConfig config;
    private static Processes processes;

    @Override
    public Map<String, String> start() {
        Path repo = Path.of(System.getProperty("sabt.repo", "..")).toAbsolutePath().normalize();
        config = new StackConfig(repo, repo.resolve("chassis/target/kafka-it"), 20000, "127.0.0.1", 5432, "postgres",
                "postgres", "sabt_", Path.of(System.getProperty("java.home")));
        processes = new Processes(config);
        startBroker(true);
        return Map.of("kafka.bootstrap.servers", config.kafkaBootstrap());
    }

    @Override
    public void stop() {
        processes.stopAll();
    }

    public static String bootstrap() {
        return config.kafkaBootstrap();
    }

    public static void stopBroker() {
        processes.stopAll();
    }

    public static void startBroker(boolean fresh) {
        var kafka = Kafka.start(config, processes, fresh);
        Kafka.awaitReadyAndCreateTopics(config, kafka);
    }
}
