package org.sabt.chassis;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.inbox.Inbox;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.security.Caller;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = DedicatedKafka.class, restrictToAnnotatedClass = true)
@TestSecurity(user = "registrar.kulob", roles = "registrar", attributes = @SecurityAttribute(key = "office", value = "KHT02"))
class ChassisTest {

    @Inject
    EntityManager em;
    @Inject
    Outbox outbox;
    @Inject
    Inbox inbox;
    @Inject
    AuditLog audit;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Test
    void a_rolled_back_transaction_publishes_nothing() {
        String doomed = "doomed-" + UUID.randomUUID();
        String marker = "marker-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("text", doomed))
                .when().post("/notes/failing")
                .then().statusCode(422).contentType(startsWith("application/problem+json")).body("code", equalTo("NOTE_REFUSED"));
        given().contentType(ContentType.JSON).body(Map.of("text", marker)).when().post("/notes").then().statusCode(201);

        try (EventsOnKafka events = new EventsOnKafka(DedicatedKafka.bootstrap(), NoteResource.TOPIC)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> events.poll().stream().anyMatch(r -> r.value().contains(marker)));
            assertThat(events.seen).noneMatch(r -> r.value().contains(doomed));
        }
        assertThat(count("SELECT count(*) FROM outbox WHERE payload->>'text' = ?1", doomed)).isZero();
        assertThat(count("SELECT count(*) FROM note WHERE text = ?1", doomed)).isZero();
    }

    @Test
    void events_written_while_the_broker_is_stopped_are_all_published_after_it_restarts_in_order_per_key() {
        String run = UUID.randomUUID().toString();
        List<String> keys = List.of(run + "-a", run + "-b", run + "-c");
        DedicatedKafka.stopBroker();
        try {
            for (int i = 0; i < 30; i++) {
                String key = keys.get(i % keys.size());
                String text = run + ":" + i;
                QuarkusTransaction.requiringNew().run(() -> new NoteResource(em, outbox).write(new NoteResource.NewNote(text, key)));
            }
            assertThat(count("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND payload->>'text' LIKE ?1", run + ":%"))
                    .isEqualTo(30);
        } finally {
            DedicatedKafka.startBroker(false);
        }
        try (EventsOnKafka events = new EventsOnKafka(DedicatedKafka.bootstrap(), NoteResource.TOPIC)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> events.poll().stream()
                    .filter(r -> r.value().contains(run + ":")).map(ConsumerRecord::value).distinct().count() == 30);
            // Delivery is at least once (a batch in flight when the broker came back may go twice);
            // what must hold is the order in which each event first arrives.
            Set<String> firstSeen = new java.util.HashSet<>();
            List<ConsumerRecord<String, String>> firsts = events.seen.stream().filter(r -> firstSeen.add(header(r, "ce_id"))).toList();
            for (String key : keys) {
                List<Integer> order = firsts.stream().filter(r -> key.equals(r.key()))
                        .map(r -> Integer.parseInt(r.value().replaceAll(".*" + run + ":(\\d+).*", "$1"))).toList();
                assertThat(order).as("events of key %s in the order they were written", key).isSorted().hasSize(10);
            }
            ConsumerRecord<String, String> any = events.seen.stream().filter(r -> r.value().contains(run)).findFirst().orElseThrow();
            assertThat(header(any, "ce_type")).isEqualTo("sabt.test.note-created");
            assertThat(header(any, "ce_source")).isEqualTo("/sabt/chassis-test");
            assertThat(header(any, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(any, "ce_id")).isNotBlank();
        }
        assertThat(count("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND payload->>'text' LIKE ?1", run + ":%")).isZero();
    }

    @Test
    void a_redelivered_event_has_one_effect() {
        String text = "effect-" + UUID.randomUUID();
        var record = new ConsumerRecord<>("sabt.test.notes", 0, 42L, "k", "{}");
        record.headers().add(new RecordHeader("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("ce_type", "sabt.test.thing".getBytes(StandardCharsets.UTF_8)));
        List<Boolean> applied = new ArrayList<>();
        for (int delivery = 0; delivery < 3; delivery++) {
            applied.add(inbox.apply("chassis-test", record, e -> em.createNativeQuery(
                    "INSERT INTO note (id, text) VALUES (gen_random_uuid(), ?1)").setParameter(1, text).executeUpdate()));
        }
        assertThat(applied).containsExactly(true, false, false);
        assertThat(count("SELECT count(*) FROM note WHERE text = ?1", text)).isEqualTo(1);
    }

    @Test
    void a_repeated_post_with_the_same_key_returns_the_first_response_and_writes_once() throws Exception {
        String key = UUID.randomUUID().toString();
        String text = "idem-" + key;
        Callable<String> post = () -> given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("text", text)).when().post("/notes")
                .then().statusCode(201).header("Location", notNullValue()).extract().path("id");
        List<String> ids;
        try (var pool = Executors.newFixedThreadPool(6)) {
            ids = pool.invokeAll(List.of(post, post, post, post, post, post)).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertThat(Set.copyOf(ids)).hasSize(1);
        assertThat(count("SELECT count(*) FROM note WHERE text = ?1", text)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox WHERE payload->>'text' = ?1", text)).isEqualTo(1);

        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Map.of("text", text))
                .when().post("/notes").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(ids.get(0)));
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Map.of("text", "something else"))
                .when().post("/notes").then().statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertThat(count("SELECT count(*) FROM note WHERE text = 'something else'", null)).isZero();
    }

    @Test
    void editing_an_audit_row_is_detected() {
        Caller auditor = new Caller("s", "archivist", Caller.Kind.USER, Set.of("archivist"), "*", null);
        List<AuditLog.Row> rows = QuarkusTransaction.requiringNew().call(() -> List.of(
                audit.append(auditor, new AuditLog.Entry("READ", "ACT", "a1", "court request 12")),
                audit.append(auditor, new AuditLog.Entry("READ", "ACT", "a2", "citizen asked")),
                audit.append(auditor, new AuditLog.Entry("UPDATE", "ACT", "a3", null))));
        assertThat(rows).allSatisfy(r -> assertThat(r.hash()).as("chained after commit, not under a lock").isNull());
        assertThat(audit.verify().intact()).isTrue();
        // Sealed in commit order: the second entry's seal links to the first's.
        AuditLog.Row first = audit.forRecord(rows.get(0).recordId(), null, 1).get(0);
        AuditLog.Row second = audit.forRecord(rows.get(1).recordId(), null, 1).get(0);
        assertThat(first.hash()).isNotNull();
        assertThat(second.prevHash()).isEqualTo(first.hash());

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE audit_log SET reason = 'x' WHERE seq = ?1").setParameter(1, rows.get(1).seq()).executeUpdate()))
                .hasStackTraceContaining("append-only");

        // Someone with the database owner's rights bypasses the trigger: the chain still shows it.
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only").executeUpdate();
            em.createNativeQuery("UPDATE audit_log SET reason = 'nothing to see' WHERE seq = ?1")
                    .setParameter(1, rows.get(1).seq()).executeUpdate();
            em.createNativeQuery("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only").executeUpdate();
        });
        AuditLog.Verification v = audit.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.firstBrokenSeq()).isEqualTo(rows.get(1).seq());

        // Put the log back so that the other tests of this database see an intact chain.
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only").executeUpdate();
            em.createNativeQuery("UPDATE audit_log SET reason = ?2 WHERE seq = ?1").setParameter(1, rows.get(1).seq())
                    .setParameter(2, rows.get(1).reason()).executeUpdate();
            em.createNativeQuery("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only").executeUpdate();
        });
        assertThat(audit.verify().intact()).isTrue();

        // A removed entry (with every trigger off, the seals' foreign key too) breaks the chain at its seal.
        AuditLog.Row third = rows.get(2);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("ALTER TABLE audit_log DISABLE TRIGGER ALL").executeUpdate();
            em.createNativeQuery("DELETE FROM audit_log WHERE seq = ?1").setParameter(1, third.seq()).executeUpdate();
            em.createNativeQuery("ALTER TABLE audit_log ENABLE TRIGGER ALL").executeUpdate();
        });
        AuditLog.Verification removed = audit.verify();
        assertThat(removed.intact()).isFalse();
        assertThat(removed.firstBrokenSeq()).isEqualTo(third.seq());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO audit_log (seq, id, at, actor, actor_office, action, record_type, record_id, reason,
                                               request_id, xroad, actor_roles)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)""")
                .setParameter(1, third.seq()).setParameter(2, third.id())
                .setParameter(3, third.at().atOffset(java.time.ZoneOffset.UTC)).setParameter(4, third.actor())
                .setParameter(5, third.actorOffice()).setParameter(6, third.action()).setParameter(7, third.recordType())
                .setParameter(8, third.recordId()).setParameter(9, third.reason()).setParameter(10, third.requestId())
                .setParameter(11, third.xRoad()).setParameter(12, third.actorRoles()).executeUpdate());
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void malformed_json_is_a_localised_problem_and_writes_nothing() {
        long before = count("SELECT count(*) FROM note", null);
        given().contentType(ContentType.JSON).header("Accept-Language", "ru").header("X-Request-Id", "req-123")
                .body("{\"text\": ").when().post("/notes")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .header("X-Request-Id", "req-123")
                .body("code", equalTo("MALFORMED_JSON"))
                .body("requestId", equalTo("req-123"))
                .body("detail", equalTo("Тело запроса не является корректным JSON."));
        given().contentType(ContentType.JSON).body(Map.of("text", "")).when().post("/notes")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("text"));
        given().contentType(ContentType.JSON).body("{\"text\": [1,2]}").when().post("/notes")
                .then().statusCode(400).body("code", equalTo("INVALID_FIELD_TYPE")).body("errors[0].field", equalTo("text"));
        assertThat(count("SELECT count(*) FROM note", null)).isEqualTo(before);
    }

    @Test
    void text_that_cannot_be_stored_is_refused_at_the_door_naming_the_field() {
        long before = count("SELECT count(*) FROM note", null);
        // In a body: NUL, half a surrogate pair, a string longer than any field, a key given twice, deep nesting.
        body("{\"text\": \"a\\u0000b\"}", 400, "UNSTORABLE_CHARACTER").body("errors[0].field", equalTo("text"));
        body("{\"text\": \"a\\ud800b\"}", 400, "UNSTORABLE_CHARACTER").body("errors[0].field", equalTo("text"));
        body("{\"text\": \"ok\", \"key\": \"" + "k".repeat(2001) + "\"}", 400, "STRING_TOO_LONG")
                .body("errors[0].field", equalTo("key"));
        body("{\"text\": \"a\", \"text\": \"b\"}", 400, "DUPLICATE_FIELD").body("errors[0].field", equalTo("text"));
        // Free-form JSON nested deeper than any body needs is refused by the parser before it builds anything.
        assertThatThrownBy(() -> json.readTree("[".repeat(200) + "]".repeat(200)))
                .isInstanceOf(com.fasterxml.jackson.core.exc.StreamConstraintsException.class);
        // Bytes that are not UTF-8 at all.
        given().contentType("application/json; charset=UTF-8").body(new byte[]{'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3,
                        (byte) 0x28, '"', '}'}).when().post("/notes")
                .then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
        // In the query, the path and a header.
        given().urlEncodingEnabled(false).when().get("/notes?text=a%00b")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNSTORABLE_CHARACTER")).body("errors[0].field", equalTo("text"));
        given().urlEncodingEnabled(false).when().get("/notes?text=%C3%28")
                .then().statusCode(400).body("code", equalTo("MALFORMED_ENCODING")).body("errors[0].field", equalTo("text"));
        given().when().get("/notes?text=" + "x".repeat(501))
                .then().statusCode(400).body("code", equalTo("PARAMETER_TOO_LONG")).body("errors[0].field", equalTo("text"));
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(Map.of("text", "x")).when().put("/notes/a%00b")
                .then().statusCode(400).body("code", equalTo("UNSTORABLE_CHARACTER")).body("errors[0].field", equalTo("path"));
        given().header("X-Reason", "x".repeat(1001)).when().get("/notes?text=x")
                .then().statusCode(400).body("code", equalTo("PARAMETER_TOO_LONG")).body("errors[0].field", equalTo("X-Reason"));
        given().when().get("/notes?text=" + "Ҳасанзода 𝄞").then().statusCode(200);
        assertThat(count("SELECT count(*) FROM note", null)).isEqualTo(before);
    }

    @Test
    void database_failures_are_mapped_by_their_sqlstate() throws Exception {
        UUID id = UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("text", "first")).when().put("/notes/" + id).then().statusCode(200);
        // unique_violation: the constraint's own code (sabt.unique-constraint."note_pkey" in the test configuration)
        given().contentType(ContentType.JSON).body(Map.of("text", "second")).when().put("/notes/" + id)
                .then().statusCode(409).contentType(startsWith("application/problem+json")).body("code", equalTo("NOTE_EXISTS"));
        // numeric_value_out_of_range, a data exception: 400
        given().when().post("/notes/small?n=100000").then().statusCode(400).body("code", equalTo("INVALID_DATA"));
        // lock_not_available while another transaction holds the row: 409, try again
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        try (var c = java.sql.DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class))) {
            c.setAutoCommit(false);
            c.createStatement().execute("SELECT id FROM note WHERE id = '" + id + "' FOR UPDATE");
            given().when().post("/notes/" + id + "/lock").then().statusCode(409).body("code", equalTo("CONCURRENT_CHANGE"));
            c.rollback();
        }
        given().when().post("/notes/" + id + "/lock").then().statusCode(204);
    }

    @Test
    void a_failed_commit_is_read_through_what_it_suppressed() {
        // Narayana keeps the SQL failure of a commit inside the RollbackException's suppressed XAException.
        var xa = new javax.transaction.xa.XAException("commit failed");
        xa.initCause(new java.sql.SQLException("terminating connection due to administrator command", "57P01"));
        var rollback = new jakarta.transaction.RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertThat(org.sabt.chassis.problem.DatabaseFailure.of(new RuntimeException(rollback)))
                .hasValueSatisfying(f -> assertThat(f.status()).isEqualTo(503));
        assertThat(org.sabt.chassis.problem.DatabaseFailure.of(new RuntimeException("no database here"))).isEmpty();
    }

    private io.restassured.response.ValidatableResponse body(String json, int status, String code) {
        return given().contentType(ContentType.JSON).body(json.getBytes(StandardCharsets.UTF_8)).when().post("/notes")
                .then().statusCode(status).contentType(startsWith("application/problem+json")).body("code", equalTo(code));
    }

    @Test
    @TestSecurity(user = "citizen.madina", roles = "citizen")
    void a_caller_without_the_role_gets_403_problem() {
        given().contentType(ContentType.JSON).body(Map.of("text", "x")).when().post("/notes")
                .then().statusCode(403).contentType(startsWith("application/problem+json")).body("code", equalTo("FORBIDDEN"));
    }

    private long count(String sql, String param) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            if (param != null) {
                q.setParameter(1, param);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

}
