package org.sabt.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input corpus: for every operation of the merged OpenAPI that takes a body or parameters, requests derived
 * from its schema and example, each broken one way (wrong types, missing and extra fields, extreme numbers and dates,
 * huge and empty strings, every Unicode plane, NUL, unpaired surrogates, invalid UTF-8, deep nesting, duplicate keys,
 * truncated JSON, wrong parameters). Every answer must be a 4xx problem+json with a stable code, never a 5xx, and no
 * service's table may gain or lose a row.
 * <p>
 * Fixed seed ({@code -Dsabt.corpus.seed}, default 20261123); at least 10,000 requests per run, shared evenly by the
 * operations ({@code -Dsabt.corpus.cases=N}: N per operation); replay one case with
 * {@code -Dsabt.corpus.replay="POST /api/v1/acts#1234"}.
 * <p>
 * Each request is one a client could send but the services must refuse without writing: objects it names by id do
 * not exist, and the office of a new record is one that does not exist either, so whatever the broken part leaves
 * intact fails later, still without a write. The archive import is left out: a bad file is the import's own answer,
 * recorded line by line (ArchiveImportTest).
 */
@ExtendWith(SystemStack.class)
class BadInputCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long SEED = Long.getLong("sabt.corpus.seed", 20261123L);
    /** Requests per run, shared evenly by the operations; -Dsabt.corpus.cases sets a number per operation instead. */
    private static final int TOTAL = 10_000;
    private static final Integer CASES_PER_OPERATION = Integer.getInteger("sabt.corpus.cases");
    private static final String REPLAY = System.getProperty("sabt.corpus.replay");
    /** Marks a parameter value that is already percent-encoded bytes. */
    private static final String RAW = "\u0001raw:";
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{2,80}");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Who calls each operation: the first role the policy allows, as one of the realm's users. */
    private static final Map<String, String> USER_OF_ROLE = Map.ofEntries(Map.entry("registrar", "registrar.kulob"),
            Map.entry("back-office", "backoffice.kulob"), Map.entry("supervisor", "supervisor"),
            Map.entry("archivist", "archivist"), Map.entry("auditor", "auditor"), Map.entry("citizen", "citizen.madina"),
            Map.entry("health-agency", "health.kulob"), Map.entry("agency", "agency.statistics"),
            Map.entry("admin", "admin"), Map.entry("portal", "portal.operator"));

    record Operation(String method, String path, List<JsonNode> parameters, JsonNode body, String user) {
        String name() {
            return method + " " + path;
        }
    }

    record Case(String operation, int index, String method, String uri, Map<String, String> headers, byte[] body) {
        String describe() {
            return operation + "#" + index + ": " + method + " " + uri + " " + headers.keySet()
                    + (body == null ? "" : " body " + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8));
        }
    }

    @Test
    void no_bad_input_gets_a_5xx_or_writes_anything() throws Exception {
        JsonNode api = JSON.readTree(RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        List<AccessPolicyTest.Row> policy = AccessPolicyTest.policy(SystemStack.config().repo().resolve("docs/access-policy.md"));
        List<Operation> operations = operations(api, policy);
        assertThat(operations).hasSizeGreaterThan(25);
        Map<String, String> tokens = new LinkedHashMap<>();
        operations.forEach(o -> tokens.computeIfAbsent(o.user(), Keycloak::userToken));

        int cases = CASES_PER_OPERATION != null ? CASES_PER_OPERATION : (TOTAL + operations.size() - 1) / operations.size();
        Map<String, Long> before = stableRowCounts();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (Operation op : operations) {
            int from = REPLAY == null ? 0 : replayIndex(op);
            int to = REPLAY == null ? cases : from + 1;
            if (from < 0) {
                continue;
            }
            for (int i = from; i < to; i++) {
                int index = i;
                pool.submit(() -> {
                    String failure;
                    String described = op.name() + "#" + index;
                    try {
                        Case c = generate(api, op, index, tokens.get(op.user()));
                        described = c.describe();
                        failure = check(c);
                    } catch (RuntimeException e) {
                        failure = "the test could not send it: " + e;
                    }
                    sent.incrementAndGet();
                    if (failure != null && failures.size() < 50) {
                        failures.add(failure + "\n    replay: -Dsabt.corpus.replay=\"" + op.name() + "#" + index + "\"\n    "
                                + described);
                    }
                });
            }
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.MINUTES)).isTrue();
        assertThat(failures).as(sent.get() + " bad requests to " + operations.size() + " operations").isEmpty();
        assertThat(sent.get()).isGreaterThanOrEqualTo(REPLAY == null ? Math.min(TOTAL, cases * operations.size()) : 1);
        assertThat(stableRowCounts()).as("rows of every service's tables").isEqualTo(before);
    }

    private static int replayIndex(Operation op) {
        int hash = REPLAY.lastIndexOf('#');
        return REPLAY.substring(0, hash).equals(op.name()) ? Integer.parseInt(REPLAY.substring(hash + 1)) : -1;
    }

    /** Null when the answer is a proper refusal; otherwise what is wrong with it. */
    private static String check(Case c) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.uri())).timeout(Duration.ofSeconds(30));
            c.headers().forEach(b::header);
            b.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            int status = r.statusCode();
            String shown = r.body().length() > 300 ? r.body().substring(0, 300) + "..." : r.body();
            if (status < 400 || status >= 500) {
                return "status " + status + ": " + shown;
            }
            if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                return "status " + status + " without problem+json: " + shown;
            }
            String code = JSON.readTree(r.body()).path("code").asText("");
            return CODE.matcher(code).matches() ? null : "no stable code: " + shown;
        } catch (IOException e) {
            return "no answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    // ---- the operations and their valid requests ---------------------------------------------------------------

    private static List<Operation> operations(JsonNode api, List<AccessPolicyTest.Row> policy) {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> m = methods.next();
                JsonNode spec = m.getValue();
                String method = m.getKey().toUpperCase();
                String name = method + " " + path.getKey();
                if (name.equals("POST /api/v1/imports")) {
                    continue;
                }
                List<JsonNode> parameters = new ArrayList<>();
                spec.path("parameters").forEach(p -> parameters.add(resolve(api, p)));
                JsonNode content = spec.path("requestBody").path("content").path("application/json");
                JsonNode body = content.isMissingNode() ? null : example(api, content);
                if (parameters.isEmpty() && body == null) {
                    continue;
                }
                AccessPolicyTest.Row row = policy.stream().filter(r -> r.operation().equals(name)).findFirst().orElseThrow();
                String user = row.cells().entrySet().stream().filter(e -> !e.getValue().equals("—") && USER_OF_ROLE.containsKey(e.getKey()))
                        .map(e -> USER_OF_ROLE.get(e.getKey())).findFirst().orElseThrow();
                operations.add(new Operation(method, path.getKey(), parameters, body == null ? null : poisoned(name, body), user));
            }
        }
        return operations;
    }

    /** The example of a body, or one made from its schema. */
    private static JsonNode example(JsonNode api, JsonNode content) {
        for (JsonNode e : content.path("examples")) {
            if (e.has("value")) {
                JsonNode v = e.get("value");
                try {
                    return v.isTextual() ? JSON.readTree(v.asText()) : v;
                } catch (IOException ignored) {
                    return v;
                }
            }
        }
        return instance(api, content.path("schema"), 0);
    }

    /** A new record in an office that does not exist: whatever the broken part leaves, it cannot be written. */
    private static JsonNode poisoned(String operation, JsonNode body) {
        JsonNode copy = body.deepCopy();
        if (copy instanceof ObjectNode o) {
            if (o.has("office")) {
                o.put("office", "ZZZ99");
            }
            if (o.path("act") instanceof ObjectNode act) {
                act.put("office", "ZZZ99");
            }
            if (o.path("details") instanceof ObjectNode details) {
                details.put("office", "ZZZ99");
            }
            if (o.has("series")) {
                o.put("series", "ZZ-99"); // a receipt of blanks: no series of the country's format
            }
            if (o.has("url")) {
                o.put("url", "https://10.255.255.1/corpus"); // a webhook subscription: a private address, refused
            }
        }
        return copy;
    }

    private static JsonNode resolve(JsonNode api, JsonNode node) {
        int depth = 0;
        while (node.has("$ref") && depth++ < 10) {
            String[] parts = node.get("$ref").asText().substring(2).split("/");
            JsonNode target = api;
            for (String part : parts) {
                target = target.path(part);
            }
            node = target;
        }
        return node;
    }

    /** A plausible instance of a schema (its example, enum or type). */
    private static JsonNode instance(JsonNode api, JsonNode schema, int depth) {
        schema = resolve(api, schema);
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (schema.has("allOf")) {
            return instance(api, schema.get("allOf").get(0), depth + 1);
        }
        if (schema.has("oneOf")) {
            return instance(api, schema.get("oneOf").get(0), depth + 1);
        }
        String type = schema.path("type").asText("object");
        String format = schema.path("format").asText("");
        return switch (type) {
            case "string" -> switch (format) {
                case "date" -> NODES.textNode("2026-11-20");
                case "date-time" -> NODES.textNode("2026-11-20T10:00:00Z");
                case "uuid" -> NODES.textNode(UUID.randomUUID().toString());
                default -> NODES.textNode("text");
            };
            case "integer", "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> {
                ArrayNode a = NODES.arrayNode();
                if (depth < 6) {
                    a.add(instance(api, schema.path("items"), depth + 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                if (depth < 6) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> p = it.next();
                        o.set(p.getKey(), instance(api, p.getValue(), depth + 1));
                    }
                }
                yield o;
            }
        };
    }

    // ---- breaking a request ------------------------------------------------------------------------------------

    private static Case generate(JsonNode api, Operation op, int index, String token) {
        Random random = new Random(SEED * 31 + op.name().hashCode() * 1_000_003L + index);
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("X-Reason", "bad input corpus");
        String path = op.path();
        for (JsonNode p : op.parameters()) {
            String name = p.path("name").asText();
            String value = validParameter(api, p);
            switch (p.path("in").asText()) {
                case "path" -> path = path.replace("{" + name + "}", enc(value));
                case "header" -> headers.put(name, value);
                default -> {
                    if (p.path("required").asBoolean() || random.nextInt(3) == 0) {
                        query.put(name, value);
                    }
                }
            }
        }
        byte[] body = op.body() == null ? null : bytes(op.body());
        boolean breakBody = body != null && (op.parameters().isEmpty() || random.nextInt(4) != 0);
        if (breakBody) {
            headers.put("Content-Type", "application/json");
            body = brokenBody(op.body(), random, headers);
        } else {
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
            JsonNode p = op.parameters().get(random.nextInt(op.parameters().size()));
            String name = p.path("name").asText();
            String broken = brokenParameter(api, p, random);
            switch (p.path("in").asText()) {
                case "path" -> {
                    String template = op.path();
                    for (JsonNode other : op.parameters()) {
                        if (other.path("in").asText().equals("path")) {
                            String v = other == p ? raw(broken) : enc(validParameter(api, other));
                            template = template.replace("{" + other.path("name").asText() + "}", v);
                        }
                    }
                    path = template;
                }
                case "header" -> headers.put(name, brokenHeader(p, random));
                default -> query.put(name, broken);
            }
        }
        StringBuilder uri = new StringBuilder(SystemStack.config().gatewayUrl()).append(path);
        String sep = "?";
        for (Map.Entry<String, String> q : query.entrySet()) {
            uri.append(sep).append(enc(q.getKey())).append('=').append(raw(q.getValue()));
            sep = "&";
        }
        return new Case(op.name(), index, op.method(), uri.toString(), headers, body);
    }

    private static String validParameter(JsonNode api, JsonNode p) {
        JsonNode schema = resolve(api, p.path("schema"));
        String name = p.path("name").asText();
        if (name.equals("If-Match")) {
            return "\"1\"";
        }
        if (name.equals("Idempotency-Key")) {
            return UUID.randomUUID().toString();
        }
        if (name.equals("code")) {
            return "REGISTER_BIRTH";
        }
        JsonNode v = instance(api, schema, 0);
        return v.isTextual() ? v.asText() : v.toString();
    }

    /** A value the parameter cannot take: of the wrong type or format, out of range, unstorable, too long or not UTF-8. */
    private static String brokenParameter(JsonNode api, JsonNode p, Random random) {
        JsonNode schema = resolve(api, p.path("schema"));
        String type = schema.path("type").asText("string");
        String format = schema.path("format").asText("");
        List<String> typed = new ArrayList<>();
        if (type.equals("integer") || type.equals("number")) {
            typed.addAll(List.of("abc", "99999999999999999999", "1e400", "NaN", "1.5", "0x10"));
        }
        if (format.equals("uuid")) {
            typed.addAll(List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g", "1"));
        }
        if (format.equals("date")) {
            typed.addAll(List.of("2026-02-30", "0000-00-00", "+999999999-12-31", "yesterday", "2026-13-01"));
        }
        if (schema.has("enum")) {
            typed.addAll(List.of("NOT_A_VALUE", "birth"));
        }
        int pick = random.nextInt(typed.isEmpty() ? 5 : 7);
        if (pick >= 5) {
            return typed.get(random.nextInt(typed.size()));
        }
        return switch (pick) {
            case 0 -> "a\u0000b";
            case 1 -> "x".repeat(501 + random.nextInt(2000));
            case 2 -> RAW + "%ED%A0%80";     // an unpaired surrogate, as UTF-8 (CESU) bytes
            case 3 -> RAW + "%C3%28%FF";     // not UTF-8 at all
            default -> "ok\u001b[31m" + (char) (1 + random.nextInt(31));
        };
    }

    /** A header value the parameter cannot take (the HTTP client itself refuses control characters in headers). */
    private static String brokenHeader(JsonNode p, Random random) {
        if (!p.path("name").asText().equals("If-Match") || random.nextInt(3) == 0) {
            return "x".repeat(1001 + random.nextInt(3000));
        }
        return random.nextBoolean() ? "W/\"abc\"" : "\"" + "9".repeat(30) + "\"";
    }

    private static byte[] brokenBody(JsonNode valid, Random random, Map<String, String> headers) {
        String text = new String(bytes(valid), StandardCharsets.UTF_8);
        switch (random.nextInt(14)) {
            case 0 -> {
                return text.substring(0, random.nextInt(Math.max(1, text.length() - 1))).getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> {
                int depth = 33 + random.nextInt(5000);
                return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                int brace = text.indexOf('{');
                int colon = text.indexOf(':', brace);
                int comma = text.indexOf(',', colon);
                if (brace < 0 || colon < 0 || comma < 0) {
                    return "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8);
                }
                // The first member given twice.
                return (text.substring(0, comma + 1) + text.substring(brace + 1, comma + 1) + text.substring(comma + 1))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int at = random.nextInt(b.length);
                out.write(b, 0, at);
                byte[][] invalid = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88}};
                byte[] bad = invalid[random.nextInt(invalid.length)];
                out.write(bad, 0, bad.length);
                out.write(b, at, b.length - at);
                return out.toByteArray();
            }
            case 4 -> {
                String[] junk = {"", "null", "[]", "{", "\"text\"", "42", "{}}", "<xml/>", "{'a':1}", "\uFEFF{}"};
                return junk[random.nextInt(junk.length)].getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                headers.put("Content-Type", random.nextBoolean() ? "text/plain" : "application/json; charset=ISO-8859-1");
                return text.getBytes(random.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
            }
            default -> {
                JsonNode broken = valid.deepCopy();
                List<JsonNode[]> slots = new ArrayList<>();
                collect(NODES.arrayNode().add(broken), slots);
                JsonNode[] slot = slots.get(random.nextInt(slots.size()));
                JsonNode parent = slot[0];
                JsonNode replacement = mutation(slot[1], random);
                JsonNode root = broken;
                if (parent instanceof ObjectNode o) {
                    String field = slot[2].asText();
                    if (replacement == null) {
                        o.remove(field);
                    } else {
                        o.set(field, replacement);
                    }
                    if (random.nextInt(4) == 0) {
                        o.put("unexpected" + random.nextInt(100), "x");
                    }
                } else if (parent instanceof ArrayNode a) {
                    int i = slot[2].asInt();
                    if (i == 0 && a.size() == 1 && a == slots.get(0)[0]) {
                        root = replacement == null ? NODES.nullNode() : replacement;
                    } else if (replacement == null) {
                        a.remove(i);
                    } else {
                        a.set(i, replacement);
                    }
                }
                return bytes(root);
            }
        }
    }

    /** Every place in the tree: {parent, value, field name or index}. */
    private static void collect(JsonNode parent, List<JsonNode[]> slots) {
        if (parent instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                slots.add(new JsonNode[]{o, e.getValue(), NODES.textNode(e.getKey())});
                collect(e.getValue(), slots);
            }
        } else if (parent instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new JsonNode[]{a, a.get(i), NODES.numberNode(i)});
                collect(a.get(i), slots);
            }
        }
    }

    /** A replacement for a value (null: leave the field out). */
    private static JsonNode mutation(JsonNode value, Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> value.isTextual() ? NODES.numberNode(random.nextLong()) : NODES.textNode("wrong type");
            case 2 -> NODES.arrayNode().add(value.deepCopy());
            case 3 -> NODES.objectNode().set("nested", value.deepCopy());
            case 4 -> NODES.numberNode(new java.math.BigDecimal(random.nextBoolean() ? "1e308" : "-9223372036854775809"));
            case 5 -> NODES.textNode(List.of("0000-01-01", "9999-12-31", "2026-02-30", "-2026-01-01", "+275760-09-13",
                    "2026-11-20T25:61:00Z").get(random.nextInt(6)));
            case 6 -> NODES.textNode("Ж".repeat(random.nextBoolean() ? 2001 : 50_000));
            case 7 -> NODES.textNode("");
            case 8 -> NODES.textNode(anyPlane(random));
            case 9 -> NODES.textNode("a\u0000b");
            case 10 -> NODES.textNode("\uD800" + "x" + "\uDFFF");
            default -> random.nextBoolean() ? NODES.nullNode() : NODES.booleanNode(random.nextBoolean());
        };
    }

    /** Code points from every plane: Latin, Cyrillic, CJK, emoji, plane 2, private use, noncharacters. */
    private static String anyPlane(Random random) {
        StringBuilder b = new StringBuilder();
        int[] starts = {0x20, 0x400, 0x4E00, 0x1F600, 0x20000, 0xE000, 0xF0000, 0x10FFF0, 0xFFFE, 0x202E};
        for (int i = 0; i < 1 + random.nextInt(20); i++) {
            b.appendCodePoint(starts[random.nextInt(starts.length)] + random.nextInt(14));
        }
        return b.toString();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value percent-encoded, unless it is already the raw bytes to send (marked). */
    private static String raw(String value) {
        return value.startsWith(RAW) ? value.substring(RAW.length()) : enc(value);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- nothing written -----------------------------------------------------------------------------------------

    /**
     * What notification-service's delivery writes in the background for messages queued before (a retry minutes later,
     * an SMS receipt): not counted. The messages themselves are: bad input makes none.
     */
    private static final java.util.Set<String> DELIVERY_WORK = java.util.Set.of("notifications.message_attempt",
            "notifications.sms_segment", "notifications.sms_receipt");

    /** The row count of every table of every service, once it has stopped changing (events of earlier tests settle). */
    private static Map<String, Long> stableRowCounts() {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
        AtomicInteger unchanged = new AtomicInteger();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Long> now = rowCounts();
            unchanged.set(now.equals(last.getAndSet(now)) ? unchanged.get() + 1 : 0);
            return unchanged.get() >= 3;
        });
        return last.get();
    }

    private static Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (String db : List.of("registry", "applications", "documents", "notifications")) {
            var config = SystemStack.config();
            try (Connection c = DriverManager.getConnection(config.jdbcUrl(db), config.dbUser(), config.dbPassword())) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String t : tables) {
                    if (DELIVERY_WORK.contains(db + "." + t)) {
                        continue;
                    }
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
                        rs.next();
                        counts.put(db + "." + t, rs.getLong(1));
                    }
                }
            }
        }
        return counts;
    }
}
