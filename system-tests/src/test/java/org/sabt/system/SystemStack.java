package org.sabt.system;

import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.sabt.local.Launcher;
import org.sabt.local.StackConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/**
 * The packaged services behind the gateway, started once for all system test classes (the infrastructure is
 * already up: ./sabt test starts it) and stopped when the last class is done.
 */
public class SystemStack implements BeforeAllCallback {

    private static StackConfig config;
    private static Launcher launcher;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(SystemStack.class, key -> {
            config = StackConfig.fromEnvironment();
            Launcher stack = new Launcher(config);
            launcher = stack;
            stack.startServices();
            RestAssured.baseURI = config.gatewayUrl();
            return (ExtensionContext.Store.CloseableResource) stack::stop;
        });
    }

    /** The running stack, to stop and start a service in a fault test. */
    static Launcher launcher() {
        return launcher;
    }

    static StackConfig config() {
        return config;
    }

    /** Changes a service's data as time would (a test cannot move the services' clocks). */
    static void execute(String database, String sql) {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(database), config.dbUser(), config.dbPassword())) {
            c.createStatement().executeUpdate(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A consumer of its own group, reading the topics it subscribes to from their beginning. */
    static org.apache.kafka.clients.consumer.KafkaConsumer<String, String> kafkaConsumer(String group) {
        java.util.Properties p = new java.util.Properties();
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, group + "-" + java.util.UUID.randomUUID());
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        return new org.apache.kafka.clients.consumer.KafkaConsumer<>(p);
    }

    /** The first column of every row a query returns, as text. */
    static java.util.List<String> column(String database, String sql) {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(database), config.dbUser(), config.dbPassword());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            java.util.List<String> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String database, String sql) {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(database), config.dbUser(), config.dbPassword());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
