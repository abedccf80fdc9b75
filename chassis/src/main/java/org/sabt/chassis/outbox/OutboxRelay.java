package org.sabt.chassis.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes pending outbox rows to Kafka in commit order. One relay at a time per database (an
 * advisory lock), rows claimed with FOR UPDATE SKIP LOCKED, marked sent only after Kafka acknowledged
 * them (acks=all, idempotent producer). It wakes on the NOTIFY of a commit, and polls as a fallback.
 * When Kafka is down the rows wait, and go out in order once it is back.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x5ab7_0b0cL;
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final String bootstrap;
    private final Duration pollInterval;
    private final int batchSize;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, String> producer;

    OutboxRelay(AgroalDataSource dataSource, ObjectMapper json,
                @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                @ConfigProperty(name = "sabt.outbox.poll-interval") Duration pollInterval,
                @ConfigProperty(name = "sabt.outbox.batch-size") int batchSize) {
        this.dataSource = dataSource;
        this.json = json;
        this.bootstrap = bootstrap;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer();
    }

    /** How many events this relay has published since start (for tests and metrics). */
    public long published() {
        return published.get();
    }

    private void loop() {
        Duration backoff = pollInterval;
        while (running) {
            try (Connection listener = dataSource.getConnection()) {
                listener.setAutoCommit(true);
                try (Statement st = listener.createStatement()) {
                    st.execute("LISTEN " + Outbox.CHANNEL);
                }
                PGConnection pg = listener.unwrap(PGConnection.class);
                while (running) {
                    int sent = relayOnce();
                    backoff = pollInterval;
                    if (sent < batchSize) {
                        // Blocks until a commit notifies us or the poll interval passes.
                        pg.getNotifications((int) pollInterval.toMillis());
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warnf("outbox relay: %s; retrying in %d ms", e.getMessage(), backoff.toMillis());
                closeProducer();
                park(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /** Publishes one batch in one transaction; returns how many rows it sent. */
    int relayOnce() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int sent = relayBatch(c);
                c.commit();
                published.addAndGet(sent);
                return sent;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    private int relayBatch(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK + ")")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return 0; // another instance is relaying; order per key needs a single relay
            }
        }
        List<Long> seqs = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT seq, id, topic, event_type, source, aggregate_id, subject, occurred_at, payload::text, headers::text
                FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            ps.setInt(1, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                    Future<RecordMetadata> ack = producer().send(record(rs));
                    if (ack.isDone()) {
                        // A send that failed before it left (no metadata while the broker is down) fails
                        // here, before a later event of the same key can be sent ahead of it.
                        ack.get();
                    }
                    acks.add(ack);
                }
            }
        }
        if (seqs.isEmpty()) {
            return 0;
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET sent_at = now() WHERE seq = ANY (?)")) {
            Array array = c.createArrayOf("bigint", seqs.toArray());
            ps.setArray(1, array);
            ps.executeUpdate();
        }
        return seqs.size();
    }

    private ProducerRecord<String, String> record(ResultSet rs) throws SQLException {
        ProducerRecord<String, String> r = new ProducerRecord<>(rs.getString("topic"), rs.getString("aggregate_id"),
                rs.getString(9));
        header(r, "ce_specversion", "1.0");
        header(r, "ce_id", rs.getObject("id").toString());
        header(r, "ce_type", rs.getString("event_type"));
        header(r, "ce_source", rs.getString("source"));
        header(r, "ce_time", rs.getObject("occurred_at", OffsetDateTime.class).format(DateTimeFormatter.ISO_INSTANT));
        header(r, "ce_subject", rs.getString("subject"));
        header(r, "content-type", "application/json");
        try {
            Map<String, String> extra = json.readValue(rs.getString(10), HEADERS);
            extra.forEach((k, v) -> header(r, k, v));
        } catch (java.io.IOException e) {
            throw new SQLException("outbox headers are not a JSON object", e);
        }
        return r;
    }

    private static void header(ProducerRecord<String, String> r, String name, String value) {
        if (value != null) {
            r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> config = new java.util.HashMap<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                    ProducerConfig.LINGER_MS_CONFIG, 1,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000,
                    ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay"));
            config.putAll(KafkaSecurity.settings());
            producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(1));
            producer = null;
        }
    }

    private static void park(Duration d) {
        java.util.concurrent.locks.LockSupport.parkNanos(d.toNanos());
    }
}
