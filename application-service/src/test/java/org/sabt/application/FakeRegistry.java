package org.sabt.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * registry-service's acts API as an HTTP peer the service-level tests control: it answers like the registry
 * (an Idempotency-Key repeated gets the first answer), refuses with a rule's code, or is down (503), and counts
 * what it was asked. It insists on a bearer token, as the registry does. The system tests use the real registry.
 */
public class FakeRegistry implements QuarkusTestResourceLifecycleManager {

    public enum Mode { ANSWERING, REFUSING, DOWN }

    static volatile Mode mode = Mode.ANSWERING;
    static volatile String refusal = "MARRIAGE_SPOUSE_ALREADY_MARRIED";
    /** Rules the rule check says FAILED; roles the rule check does not know. */
    static final Set<String> failingRules = ConcurrentHashMap.newKeySet();
    static final Set<String> unknownRoles = ConcurrentHashMap.newKeySet();
    /** Registrations (and amendments) made, by Idempotency-Key: the first answer, replayed on a repeat. */
    static final Map<String, String> registered = new ConcurrentHashMap<>();
    static final AtomicInteger registrationsMade = new AtomicInteger();
    static final CopyOnWriteArrayList<String> requests = new CopyOnWriteArrayList<>();
    private static final AtomicInteger numbers = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static volatile FakeRegistry running;
    private HttpServer server;
    private int port;

    static void reset() {
        mode = Mode.ANSWERING;
        failingRules.clear();
        unknownRoles.clear();
        if (running != null && running.server == null) {
            running.listen();
        }
    }

    /** The registry's host refuses connections (nothing listens on its port) until {@link #reset()}. */
    static void unreachable() {
        running.server.stop(0);
        running.server = null;
    }

    @Override
    public Map<String, String> start() {
        running = this;
        listen();
        return Map.of("quarkus.rest-client.registry.url", "http://127.0.0.1:" + port,
                "sabt.one-window.retry-first-wait", "PT0.2S", "sabt.one-window.retry-every", "1s");
    }

    private void listen() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/acts", this::handle);
        server.createContext("/api/v1/persons", this::persons);
        server.start();
        port = server.getAddress().getPort();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        running = null;
    }

    /** Madina's husband in the person index: presumed the father of a child she bears. */
    static final UUID MADINA_HUSBAND = UUID.nameUUIDFromBytes("husband-of-1000000001".getBytes(StandardCharsets.UTF_8));

    /**
     * The person index knows the realm's two demo citizens by national id, and nobody else; Madina's record shows her
     * marriage to Farrukh (since 2020, not ended).
     */
    private void persons(HttpExchange ex) throws IOException {
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
        if (mode == Mode.DOWN) {
            respond(ex, 503, "");
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (path.startsWith("/api/v1/persons/")) {
            String id = path.substring("/api/v1/persons/".length());
            boolean madina = id.equals(personId("1000000001").toString());
            respond(ex, 200, "{\"id\":\"" + id + "\",\"links\":[" + (madina ? "{\"relation\":\"SPOUSE\",\"personId\":\""
                    + MADINA_HUSBAND + "\",\"fullName\":\"Раҳимзода Фаррух\",\"since\":\"2020-05-01\",\"endedOn\":null}" : "")
                    + "]}");
            return;
        }
        String query = String.valueOf(ex.getRequestURI().getQuery());
        String known = query.contains("nationalId=1000000001") ? "1000000001" : query.contains("nationalId=1000000002") ? "1000000002" : null;
        respond(ex, 200, known == null ? "{\"items\":[],\"nextCursor\":null}"
                : "{\"items\":[{\"personId\":\"" + personId(known) + "\",\"nationalId\":\"" + known + "\",\"surname\":\""
                + (known.endsWith("1") ? "Раҳимзода\",\"givenName\":\"Мадина\",\"sex\":\"FEMALE\",\"birthDate\":\"1998-03-14\""
                : "Каримов\",\"givenName\":\"Рустам\",\"sex\":\"MALE\",\"birthDate\":\"1995-06-01\"")
                + ",\"status\":\"ALIVE\"}],\"nextCursor\":null}");
    }

    static UUID personId(String nationalId) {
        return UUID.nameUUIDFromBytes(("person-" + nationalId).getBytes(StandardCharsets.UTF_8));
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        requests.add(method + " " + ex.getRequestURI());
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() < 30) {
            respond(ex, 401, "{\"code\":\"UNAUTHENTICATED\"}");
            return;
        }
        if (mode == Mode.DOWN) {
            respond(ex, 503, "");
            return;
        }
        JsonNode body = method.equals("POST") ? JSON.readTree(ex.getRequestBody().readAllBytes()) : null;
        if (method.equals("POST") && path.equals("/api/v1/acts/checks")) {
            respond(ex, 200, ruleCheck(body).toString());
        } else if (method.equals("POST") && path.equals("/api/v1/acts")) {
            register(ex, body, "BIR");
        } else if (method.equals("POST") && path.endsWith("/amendments")) {
            register(ex, body, "AMD");
        } else if (method.equals("GET")) {
            String query = ex.getRequestURI().getQuery();
            if (query != null && query.contains("UNKNOWN")) {
                respond(ex, 404, "{\"code\":\"ACT_NOT_FOUND\",\"detail\":\"No act\"}");
            } else {
                respond(ex, 200, "{\"id\":\"" + UUID.nameUUIDFromBytes(query.getBytes(StandardCharsets.UTF_8))
                        + "\",\"type\":\"BIRTH\",\"status\":\"REGISTERED\",\"version\":1,\"office\":\"KHT02\"}");
            }
        } else {
            respond(ex, 404, "{\"code\":\"NOT_FOUND\"}");
        }
    }

    private void register(HttpExchange ex, JsonNode body, String prefix) throws IOException {
        if (mode == Mode.REFUSING) {
            respond(ex, 422, "{\"code\":\"" + refusal + "\",\"detail\":\"Refused by rule " + refusal + "\"}");
            return;
        }
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        String answer = registered.computeIfAbsent(key == null ? UUID.randomUUID().toString() : key, k -> {
            registrationsMade.incrementAndGet();
            return "{\"id\":\"" + UUID.randomUUID() + "\",\"registrationNumber\":\"" + prefix + "-KHT02-2026-"
                    + String.format("%06d", numbers.incrementAndGet()) + "\",\"version\":1,\"type\":\""
                    + body.path("type").asText() + "\"}";
        });
        respond(ex, 201, answer);
    }

    private static ObjectNode ruleCheck(JsonNode act) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("type", act.path("type").asText());
        ArrayNode rules = answer.putArray("rules");
        for (String code : new String[]{"BIRTH_MEDICAL_CERTIFICATE_ALREADY_USED", "MARRIAGE_SPOUSE_DECEASED",
                "MARRIAGE_SPOUSE_ALREADY_MARRIED", "MARRIAGE_CLOSE_RELATIVES", "MARRIAGE_SAME_PERSON",
                "MARRIAGE_SPOUSE_BIRTH_DATE_REQUIRED", "MARRIAGE_SPOUSE_UNDER_AGE"}) {
            rules.addObject().put("code", code).put("result", failingRules.contains(code) ? "FAILED" : "PASSED");
        }
        ArrayNode persons = answer.putArray("persons");
        for (String role : new String[]{"MOTHER", "FATHER", "CHILD", "SPOUSE"}) {
            persons.addObject().put("role", role).put("found", !unknownRoles.contains(role));
        }
        return answer;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }
}
