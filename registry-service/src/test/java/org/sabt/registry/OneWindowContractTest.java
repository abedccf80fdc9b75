package org.sabt.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;
import org.sabt.registry.act.ActRegistration;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.sabt.registry.Registry.adult;
import static org.sabt.registry.Registry.marriage;
import static org.sabt.registry.Registry.marry;
import static org.sabt.registry.Registry.person;
import static org.sabt.registry.Registry.post;
import static org.sabt.registry.Registry.today;

/**
 * What the one window relies on: its forms are the registry's own act payloads, the rule check answers every rule
 * without registering anything, and an amendment sent twice with its Idempotency-Key makes one version.
 */
@QuarkusTest
@TestSecurity(user = "service-account-sabt-application-service", roles = {"registrar", "back-office", "archivist"},
        attributes = @SecurityAttribute(key = "office", value = "*"))
class OneWindowContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FORMS = Map.of("BIRTH", "birth", "DEATH", "death", "MARRIAGE", "marriage",
            "DIVORCE", "divorce", "ADOPTION", "adoption", "PATERNITY", "paternity", "NAME_CHANGE", "nameChange");

    @Inject
    EntityManager em;

    private long[] counts() {
        return QuarkusTransaction.requiringNew().call(() -> new long[]{
                ((Number) em.createNativeQuery("SELECT count(*) FROM act").getSingleResult()).longValue(),
                ((Number) em.createNativeQuery("SELECT count(*) FROM person").getSingleResult()).longValue(),
                ((Number) em.createNativeQuery("SELECT count(*) FROM outbox").getSingleResult()).longValue()});
    }

    @Test
    void the_rule_check_answers_every_rule_and_writes_nothing() {
        String rustam = adult("Рустам", "MALE");
        String nigina = adult("Нигина", "FEMALE");
        String madina = adult("Мадина", "FEMALE");
        marry(rustam, nigina, today().minusDays(3));
        long[] before = counts();
        JsonPath check = post("/api/v1/acts/checks", marriage(rustam, madina, today())).statusCode(200).extract().jsonPath();
        assertThat(check.getString("type")).isEqualTo("MARRIAGE");
        assertThat(check.getString("rules.find { it.code == 'MARRIAGE_SPOUSE_ALREADY_MARRIED' }.result")).isEqualTo("FAILED");
        assertThat(check.getString("rules.find { it.code == 'MARRIAGE_CLOSE_RELATIVES' }.result")).isEqualTo("PASSED");
        assertThat(check.getString("rules.find { it.code == 'MARRIAGE_SPOUSE_UNDER_AGE' }.result")).isEqualTo("PASSED");
        assertThat(check.getList("persons.found", Boolean.class)).containsOnly(true);

        Map<String, Object> birth = Registry.birth(person("Алиева", "Нилу", "FEMALE", today().minusYears(30)), today().minusDays(1));
        JsonPath newMother = post("/api/v1/acts/checks", birth).statusCode(200).extract().jsonPath();
        assertThat(newMother.getBoolean("persons.find { it.role == 'MOTHER' }.found")).isFalse();
        assertThat(newMother.getString("rules.find { it.code == 'BIRTH_MEDICAL_CERTIFICATE_ALREADY_USED' }.result")).isEqualTo("PASSED");
        Map<String, Object> noDate = new HashMap<>(birth);
        noDate.put("child", person("Раҳимзода", "Фирдавс", "MALE", null));
        JsonPath undated = post("/api/v1/acts/checks", noDate).statusCode(200).extract().jsonPath();
        assertThat(undated.getString("rules.find { it.code == 'EVENT_DATE_REQUIRED' }.result")).isEqualTo("FAILED");
        assertThat(undated.getList("rules.result", String.class)).contains("NOT_EVALUATED");
        assertThat(counts()).containsExactly(before);

        post("/api/v1/acts/checks", Map.of("type", "MARRIAGE", "office", "XXX99")).statusCode(400);
        Map<String, Object> elsewhere = marriage(rustam, madina, today());
        elsewhere.put("office", "XYZ01");
        post("/api/v1/acts/checks", elsewhere).statusCode(422).body("code", equalTo("OFFICE_UNKNOWN"));
    }

    @Test
    void the_forms_of_the_one_window_are_the_registry_payloads() throws Exception {
        JsonNode forms = JSON.readTree(Path.of("..", "docs", "forms", "forms.schema.json").toFile());
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (var subtype : ActRegistration.class.getPermittedSubclasses()) {
            String type = ((ActRegistration) instance(subtype)).type().name();
            JsonNode form = forms.path("$defs").path(FORMS.get(type));
            // every field a registrar records is on the form; what the registry derives (read-only) is not
            Set<String> recorded = new TreeSet<>();
            for (RecordComponent c : subtype.getRecordComponents()) {
                Schema schema = c.getAccessor().getAnnotation(Schema.class);
                if (!c.getName().equals("office") && (schema == null || !schema.readOnly())) {
                    recorded.add(c.getName());
                }
            }
            Set<String> onForm = new TreeSet<>();
            form.path("properties").fieldNames().forEachRemaining(onForm::add);
            assertThat(onForm).as(type).isEqualTo(recorded);
        }
        // the registry's own examples, without type and office, are valid forms
        Map<String, Map<String, Object>> examples = given().queryParam("format", "json").when().get("/q/openapi").then()
                .extract().path("paths.'/api/v1/acts'.post.requestBody.content.'application/json'.examples");
        for (Map<String, Object> example : examples.values()) {
            ObjectNode act = JSON.valueToTree(example.get("value"));
            String type = act.remove("type").asText();
            act.remove("office");
            ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("$ref", "#/$defs/" + FORMS.get(type));
            schema.set("$defs", forms.path("$defs"));
            assertThat(factory.getSchema(schema, config).validate(act)).as(type).isEmpty();
        }
    }

    private static Object instance(Class<?> record) throws Exception {
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = types[i] == boolean.class ? false : types[i] == int.class ? 0 : null;
        }
        var constructor = record.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    @Test
    void an_amendment_sent_twice_with_its_idempotency_key_makes_one_version() {
        String mother = adult("Мадина", "FEMALE");
        Map<String, Object> birth = Registry.birth(Map.of("personId", mother), today().minusDays(2));
        JsonPath act = Registry.register(birth).statusCode(201).extract().jsonPath();
        String id = act.getString("id");
        Map<String, Object> corrected = new HashMap<>(birth);
        Map<String, Object> child = new HashMap<>(person("Раҳимзода", "Фирӯз", "MALE", today().minusDays(2)));
        child.put("personId", act.getString("details.child.personId"));
        corrected.put("child", child);
        corrected.put("mother", Map.of("personId", mother));
        Map<String, Object> amendment = Map.of("reason", "Spelling of the child's name", "basisDocument",
                Registry.basis("APPLICATION", "ЗИ-1"), "details", corrected);
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json").header("If-Match", "\"1\"").header("Idempotency-Key", "application-" + id)
                    .body(amendment).post("/api/v1/acts/" + id + "/amendments").then().statusCode(200).body("version", equalTo(2));
        }
        given().header("X-Reason", "test").get("/api/v1/acts/" + id + "/versions").then().statusCode(200)
                .body("size()", equalTo(2));
    }

}
