package org.sabt.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.sabt.registry.Registry.adult;
import static org.sabt.registry.Registry.birth;
import static org.sabt.registry.Registry.marriage;
import static org.sabt.registry.Registry.person;
import static org.sabt.registry.Registry.register;
import static org.sabt.registry.Registry.today;

/** The values that differ between countries are configuration: another country's settings change the outcome. */
@QuarkusTest
@TestProfile(CountryRulesTest.AnotherCountry.class)
@TestSecurity(user = "registrar.kulob", roles = {"registrar", "archivist"},
        attributes = @SecurityAttribute(key = "office", value = "KHT02"))
class CountryRulesTest {

    public static class AnotherCountry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sabt.rules.marriage-age", "16", "sabt.rules.spouses-sex", "ANY",
                    "sabt.rules.russified-newborn-surname", "REFUSE", "sabt.rules.names-register", "REFUSE");
        }
    }

    @Inject
    EntityManager em;

    @Test
    void a_lower_marriage_age_and_any_sex_allow_what_the_defaults_refuse() {
        String one = adult("Нигина", "FEMALE", today().minusYears(17));
        String two = adult("Мадина", "FEMALE", today().minusYears(20));
        register(marriage(one, two, today())).statusCode(201);
    }

    @Test
    void newborn_surname_not_russified_refused_when_so_configured() {
        Map<String, Object> act = birth(person("Сафарова", "Мадина", "FEMALE", today().minusYears(25)), today().minusDays(1));
        act.put("child", person("Сафаров", "Фирдавс", "MALE", today().minusDays(1)));
        long before = acts();
        register(act).statusCode(422).body("code", equalTo("BIRTH_SURNAME_RUSSIFIED"));
        assertThat(acts()).isEqualTo(before);
    }

    @Test
    void newborn_name_in_register_refused_when_so_configured() {
        Map<String, Object> act = birth(person("Раҳимзода", "Мадина", "FEMALE", today().minusYears(25)), today().minusDays(1));
        act.put("child", person("Раҳимзода", "Джон", "MALE", today().minusDays(1)));
        long before = acts();
        register(act).statusCode(422).body("code", equalTo("BIRTH_NAME_NOT_IN_REGISTER"));
        assertThat(acts()).isEqualTo(before);
    }

    private long acts() {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("SELECT count(*) FROM act").getSingleResult()).longValue());
    }
}
