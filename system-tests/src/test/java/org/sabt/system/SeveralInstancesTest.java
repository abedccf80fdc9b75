package org.sabt.system;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of registry-service, application-service and notification-service against one database and one
 * broker: numbering stays gapless, the outbox is relayed once per row, the consumers share the partitions, and a claim
 * stays exclusive when two back-office clerks take it through different instances at once.
 */
@ExtendWith(SystemStack.class)
@Order(Integer.MAX_VALUE - 1)
class SeveralInstancesTest {

    /** The second instances' ports: their first instance's plus 100. */
    private static final Map<String, Integer> SECOND = new HashMap<>();

    @BeforeAll
    static void secondInstances() {
        for (String module : List.of("registry-service", "application-service", "notification-service")) {
            int base = SystemStack.config().port(org.sabt.local.StackConfig.SERVICES.stream()
                    .filter(s -> s.module().equals(module)).findFirst().orElseThrow().basePort());
            SECOND.put(module, base + 100);
            SystemStack.launcher().startInstance(module, base + 100);
        }
    }

    @AfterAll
    static void stopSecondInstances() {
        SECOND.forEach((module, port) -> SystemStack.launcher().stopService(module + "#" + port));
    }

    private static String url(String module, boolean second) {
        int first = SystemStack.config().port(org.sabt.local.StackConfig.SERVICES.stream()
                .filter(s -> s.module().equals(module)).findFirst().orElseThrow().basePort());
        return "http://127.0.0.1:" + (second ? SECOND.get(module) : first);
    }

    private static RequestSpecification as(String token) {
        return RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON).header("X-Reason", "several instances");
    }

    @Test
    void numbers_stay_gapless_and_each_act_is_published_once_when_two_registries_register_at_once() throws Exception {
        String token = Keycloak.userToken("registrar.sino");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<String[]>> births = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean second = i % 2 == 1;
            births.add(() -> {
                var r = as(token).baseUri(url("registry-service", second)).body(birth()).post("/api/v1/acts").then()
                        .statusCode(201).extract();
                return new String[]{r.path("id"), r.path("registrationNumber")};
            });
        }
        List<String[]> registered = new ArrayList<>();
        for (Future<String[]> f : pool.invokeAll(births)) {
            registered.add(f.get());
        }
        pool.shutdown();
        // Gapless: the 40 numbers of this year's DSH01 births are consecutive, whichever instance gave them.
        List<Integer> serials = registered.stream().map(r -> Integer.parseInt(r[1].substring(r[1].lastIndexOf('-') + 1)))
                .sorted().toList();
        assertThat(serials.get(serials.size() - 1) - serials.get(0)).isEqualTo(serials.size() - 1);
        assertThat(new TreeSet<>(serials)).hasSize(40);

        // Each act's registration is published once, though both instances run a relay.
        Set<String> acts = new TreeSet<>(registered.stream().map(r -> r[0]).toList());
        Map<String, Integer> published = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = SystemStack.kafkaConsumer("several-instances")) {
            consumer.subscribe(List.of("sabt.registry.acts"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (acts.contains(r.key()) && "sabt.act.registered".equals(
                            new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))) {
                        published.merge(r.key(), 1, Integer::sum);
                    }
                }
                assertThat(published.keySet()).isEqualTo(acts);
            });
            // A little longer: nothing is published a second time.
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (acts.contains(r.key())) {
                        published.merge(r.key(), 1, Integer::sum);
                    }
                });
                return true;
            });
        }
        assertThat(published.values()).allMatch(n -> n == 1);
    }

    @Test
    void the_instances_of_a_consumer_share_its_partitions() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SystemStack.config().kafkaBootstrap()))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("notification-service")).all().get()
                        .get("notification-service");
                Set<String> hosts = new TreeSet<>();
                List<Integer> perMember = new ArrayList<>();
                for (MemberDescription m : group.members()) {
                    perMember.add(m.assignment().topicPartitions().size());
                    hosts.add(m.consumerId());
                }
                // Two instances, each with consumers of its own, every member holding partitions of its topics.
                assertThat(group.members().size()).isGreaterThanOrEqualTo(2);
                assertThat(perMember).allMatch(n -> n > 0);
                int total = group.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
                long distinct = group.members().stream().flatMap(m -> m.assignment().topicPartitions().stream()).distinct().count();
                assertThat(distinct).as("no partition held twice").isEqualTo(total);
            });
        }
    }

    @Test
    void a_claim_stays_exclusive_when_two_clerks_take_it_through_two_instances_at_once() throws Exception {
        String madina = Keycloak.userToken("citizen.madina");
        String registrar = Keycloak.userToken("registrar.kulob");
        String id = as(madina).body(Map.of("service", "REPEAT_CERTIFICATE", "office", "KHT02",
                        "form", Map.of("registrationNumber", "BIR-KHT02-2026-000001"),
                        "contact", Map.of("phone", "+992900000001", "language", "tg")))
                .baseUri(url("application-service", false)).post("/api/v1/applications").then().statusCode(201).extract().path("id");
        as(registrar).baseUri(url("application-service", true)).header("If-Match", "\"1\"")
                .body(Map.of("documentsSeen", List.of("APPLICANT_ID", "FEE_RECEIPT")))
                .post("/api/v1/applications/" + id + "/acceptance").then().statusCode(200);
        String clerk = Keycloak.userToken("backoffice.kulob");
        String supervisor = Keycloak.userToken("supervisor");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Integer>> claims = List.of(
                () -> as(clerk).baseUri(url("application-service", false)).post("/api/v1/applications/" + id + "/assignment")
                        .then().extract().statusCode(),
                () -> as(supervisor).baseUri(url("application-service", true)).post("/api/v1/applications/" + id + "/assignment")
                        .then().extract().statusCode());
        for (Future<Integer> f : pool.invokeAll(claims)) {
            answers.add(f.get());
        }
        pool.shutdown();
        assertThat(answers).containsExactlyInAnyOrder(200, 409);
    }

    private static String birth() {
        String id = String.valueOf(ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L));
        return """
                {"type": "BIRTH", "office": "DSH01",
                 "child": {"surname": "Каримзода", "givenName": "Азиз", "sex": "MALE", "birthDate": "%s", "placeOfBirth": "Душанбе"},
                 "mother": {"surname": "Каримова", "givenName": "Нодира", "sex": "FEMALE", "birthDate": "1995-03-03", "nationalId": "%s"},
                 "medicalCertificateNumber": "MBC-TWO-%s"}""".formatted(LocalDate.now().minusDays(1), id, UUID.randomUUID());
    }

}
