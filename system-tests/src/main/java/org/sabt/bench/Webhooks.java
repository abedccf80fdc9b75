package org.sabt.bench;

import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 7: agencies' webhooks. (a) At a steady load of registrations, the time from the registering transaction
 * (the event's time, written with the act) to the webhook received by a local receiver. (b) The delivery rate: a
 * backlog of failed messages replayed at once, delivered as fast as notification-service sends them. (c) Beside it, the
 * rate at which a plain Kafka consumer reads the same topic from the start, in the same run.
 */
final class Webhooks {

    static final String LATENCY = "webhook: registration to receipt";
    static final String DELIVERED = "webhooks delivered (backlog)";
    static final String KAFKA = "Kafka read, same topic (reference)";
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
    /** Below what registry-service sustains on this machine with the duplicate check (about 11 births/s here), so that
     *  the latency is the pipeline's and not a queue of registrations. */
    private static final int STEADY_RATE = 5;
    private static final int BACKLOG = 1000;

    private final Bench bench;
    private final String registry;
    private final String notifications;

    Webhooks(Bench bench, String registry) {
        this.bench = bench;
        this.registry = registry;
        this.notifications = bench.env.get("SABT_NOTIFICATION_URL");
    }

    String run(List<Bench.Result> results, Duration steady) throws Exception {
        String admin = Keycloak.userToken("admin");
        String registrar = Keycloak.userToken("registrar.sino");
        Histogram latency = new Histogram(60_000_000L, 3);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicBoolean failing = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong lastReceived = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long now = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
            if (failing.get()) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null && !ids.add(id)) {
                duplicates.incrementAndGet();
            }
            Matcher t = TIMESTAMP.matcher(body);
            if (measuring.get() && t.find()) {
                Instant at = Instant.parse(t.group(1));
                long micros = now - (at.getEpochSecond() * 1_000_000 + at.getNano() / 1000);
                synchronized (latency) {
                    latency.recordValue(Math.max(0, Math.min(micros, 60_000_000L)));
                }
            }
            lastReceived.set(System.nanoTime());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String subscription = null;
        try {
            HttpResponse<String> made = post(notifications + "/api/v1/subscriptions", admin, """
                    {"clientId":"sabt-statistics","agency":"statistics","url":"http://127.0.0.1:%d/hook",
                     "eventTypes":["sabt.act.registered"]}""".formatted(receiver.getAddress().getPort()));
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(made.body());
            if (made.statusCode() != 201 || !id.find()) {
                throw new IllegalStateException("subscription refused: " + made.statusCode() + " " + made.body());
            }
            subscription = id.group(1);
            String sub = subscription;

            // (a) a steady load: registrations at a fixed rate, each one's webhook timed from the event's time
            measuring.set(true);
            AtomicLong registered = new AtomicLong();
            long t0 = System.nanoTime();
            // Each tick starts a registration of its own, so the rate does not wait for the registrations' latency.
            ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
            java.util.concurrent.ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
            pace.scheduleAtFixedRate(() -> requests.submit(() -> {
                if (post(registry + "/api/v1/acts", registrar, Bench.birthJson()).statusCode() == 201) {
                    registered.incrementAndGet();
                }
                return null;
            }), 0, 1_000_000 / STEADY_RATE, TimeUnit.MICROSECONDS);
            await().pollDelay(steady).atMost(steady.plusSeconds(1)).until(() -> true);
            pace.shutdown();
            pace.awaitTermination(30, TimeUnit.SECONDS);
            requests.shutdown();
            requests.awaitTermination(60, TimeUnit.SECONDS);
            double steadySeconds = (System.nanoTime() - t0) / 1e9;
            await().atMost(Duration.ofSeconds(120)).until(() -> ids.size() >= registered.get());
            measuring.set(false);
            results.add(new Bench.Result(LATENCY, 1, registered.get(), 0, steadySeconds, latency));

            // (b) a backlog: the endpoint fails while births are registered, then the failed messages are replayed
            failing.set(true);
            Instant since = Instant.now();
            int before = ids.size();
            bench.phaseUnmeasuredCount(8, registry, BACKLOG);
            // Failing, they wait as FAILED (retried later) or QUEUED (the endpoint's circuit breaker holds them back).
            await().atMost(Duration.ofSeconds(120)).until(() -> messages(admin, sub, "FAILED")
                    + messages(admin, sub, "QUEUED") >= BACKLOG);
            failing.set(false);
            long r0 = System.nanoTime();
            HttpResponse<String> replay = post(notifications + "/api/v1/subscriptions/" + sub + "/replay?since="
                    + since, admin, "");
            if (replay.statusCode() != 200) {
                throw new IllegalStateException("replay refused: " + replay.statusCode() + " " + replay.body());
            }
            await().atMost(Duration.ofSeconds(300)).until(() -> ids.size() - before >= BACKLOG);
            double backlogSeconds = (lastReceived.get() - r0) / 1e9;
            Histogram none = new Histogram(60_000_000L, 3);
            none.recordValue(0);
            results.add(new Bench.Result(DELIVERED, 50, ids.size() - before, duplicates.get(), backlogSeconds, none));

            // (c) the same topic read by a plain Kafka consumer from the start
            results.add(kafkaRead());
        } finally {
            if (subscription != null) {
                delete(notifications + "/api/v1/subscriptions/" + subscription, admin);
            }
            receiver.stop(0);
        }
        Bench.Result steadyResult = Bench.find(results, LATENCY, 1);
        Bench.Result backlog = Bench.find(results, DELIVERED, 50);
        return ("- webhooks at a steady %d registrations/s: registration to receipt p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (aim: "
                + "p99 under 1 s)%n- webhooks delivered from a replayed backlog of %d: %.0f/s (%d received twice); a plain Kafka "
                + "consumer reads the acts topic at %.0f events/s%n").formatted(STEADY_RATE,
                steadyResult.latency().getValueAtPercentile(50) / 1000.0, steadyResult.latency().getValueAtPercentile(95) / 1000.0,
                steadyResult.latency().getValueAtPercentile(99) / 1000.0, BACKLOG, backlog.throughput(), duplicates.get(),
                Bench.find(results, KAFKA, 1).throughput());
    }

    private long messages(String admin, String subscription, String status) throws Exception {
        long n = 0;
        String cursor = null;
        do {
            HttpResponse<String> page = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(notifications
                            + "/api/v1/messages?limit=100&status=" + status + "&subscription=" + subscription
                            + (cursor == null ? "" : "&cursor=" + cursor)))
                    .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"[0-9a-f-]{36}\"").matcher(page.body());
            while (m.find()) {
                n++;
            }
            Matcher next = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"").matcher(page.body());
            cursor = next.find() ? next.group(1) : null;
        } while (cursor != null);
        return n;
    }

    private Bench.Result kafkaRead() {
        Histogram none = new Histogram(60_000_000L, 3);
        none.recordValue(0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                bench.env.get("KAFKA_BOOTSTRAP_SERVERS"), "group.id", "bench-" + UUID.randomUUID(), "auto.offset.reset",
                "earliest", "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("sabt.registry.acts"));
            long read = 0;
            long t0 = System.nanoTime();
            int empty = 0;
            long lastRead = t0;
            while (empty < 3) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty() && read > 0) {
                    empty++;
                } else if (!records.isEmpty()) {
                    read += records.count();
                    lastRead = System.nanoTime();
                    empty = 0;
                }
                if (System.nanoTime() - t0 > 120_000_000_000L) {
                    break;
                }
            }
            return new Bench.Result(KAFKA, 1, read, 0, (lastRead - t0) / 1e9, none);
        }
    }

    private static HttpResponse<String> post(String url, String token, String body) throws Exception {
        return Bench.HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void delete(String url, String token) throws Exception {
        Bench.HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
