package org.sabt.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.sabt.registry.act.NameConventions;
import org.sabt.registry.act.RegistrationRules;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.sabt.registry.Registry.adoption;
import static org.sabt.registry.Registry.adult;
import static org.sabt.registry.Registry.birth;
import static org.sabt.registry.Registry.childOf;
import static org.sabt.registry.Registry.death;
import static org.sabt.registry.Registry.divorce;
import static org.sabt.registry.Registry.document;
import static org.sabt.registry.Registry.marriage;
import static org.sabt.registry.Registry.marry;
import static org.sabt.registry.Registry.nameChange;
import static org.sabt.registry.Registry.paternity;
import static org.sabt.registry.Registry.person;
import static org.sabt.registry.Registry.ref;
import static org.sabt.registry.Registry.register;
import static org.sabt.registry.Registry.today;
import static org.sabt.registry.Registry.unique;

/**
 * One test per rule of RegistrationRules, named after it: the refusal is 422 problem+json with the rule's
 * code, and nothing is written (no act, no person, no event).
 */
@QuarkusTest
@TestSecurity(user = "registrar.kulob", roles = {"registrar", "archivist", "supervisor"},
        attributes = @SecurityAttribute(key = "office", value = "KHT02"))
class RegistrationRulesTest {

    @Inject
    EntityManager em;

    private void refused(Map<String, Object> act, String code) {
        long[] before = counts();
        register(act).statusCode(422).contentType(startsWith("application/problem+json")).body("code", equalTo(code));
        assertThat(counts()).containsExactly(before);
    }

    private long[] counts() {
        return QuarkusTransaction.requiringNew().call(() -> new long[]{
                ((Number) em.createNativeQuery("SELECT count(*) FROM act").getSingleResult()).longValue(),
                ((Number) em.createNativeQuery("SELECT count(*) FROM person").getSingleResult()).longValue(),
                ((Number) em.createNativeQuery("SELECT count(*) FROM outbox").getSingleResult()).longValue()});
    }

    private static Map<String, Object> with(Map<String, Object> act, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(act);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }

    private static Map<String, Object> newMother() {
        return person("Раҳимзода", "Мадина", "FEMALE", today().minusYears(28));
    }

    @Test
    void every_rule_has_a_message_in_tajik_russian_and_english() throws Exception {
        List<String> codes = new java.util.ArrayList<>(List.of(NameConventions.RUSSIFIED_SURNAME, NameConventions.NAME_NOT_IN_REGISTER));
        for (Class<?> rules : RegistrationRules.class.getDeclaredClasses()) {
            for (java.lang.reflect.Field f : rules.getFields()) {
                if (f.get(null) instanceof RegistrationRules.Rule<?> rule) {
                    codes.add(rule.code());
                }
            }
        }
        assertThat(codes).hasSizeGreaterThanOrEqualTo(50);
        for (String language : List.of("en", "ru", "tg")) {
            java.util.ResourceBundle bundle = java.util.ResourceBundle.getBundle("problems", java.util.Locale.forLanguageTag(language));
            assertThat(codes).allSatisfy(code -> assertThat(bundle.containsKey(code)).as("%s in %s", code, language).isTrue());
        }
    }

    // ---- dates (every act) ----

    @Test
    void event_not_in_future() {
        refused(birth(newMother(), today().plusDays(2)), "EVENT_DATE_IN_FUTURE");
    }

    @Test
    void event_date_known() {
        refused(birth(newMother(), null), "EVENT_DATE_REQUIRED");
    }

    @Test
    void registration_not_before_event() {
        Map<String, Object> act = birth(newMother(), today().minusYears(30));
        long[] before = counts();
        Registry.post("/api/v1/acts/restorations", Map.of("paperRegistrationNumber", unique("P"),
                "registrationDate", today().minusYears(31).toString(), "act", act))
                .statusCode(422).body("code", equalTo("REGISTRATION_BEFORE_EVENT"));
        assertThat(counts()).containsExactly(before);
    }

    @Test
    void registration_not_in_future() {
        Map<String, Object> act = birth(newMother(), today().minusYears(30));
        long[] before = counts();
        Registry.post("/api/v1/acts/restorations", Map.of("paperRegistrationNumber", unique("P"),
                "registrationDate", today().plusDays(3).toString(), "act", act))
                .statusCode(422).body("code", equalTo("REGISTRATION_DATE_IN_FUTURE"));
        assertThat(counts()).containsExactly(before);
    }

    @Test
    void persons_born_by_event() {
        String groom = adult("Рустам", "MALE");
        Map<String, Object> bride = person("Шарифзода", "Нигина", "FEMALE", today().plusDays(3));
        refused(with(marriage(groom, groom, today()), "spouse2", bride), "PERSON_BORN_AFTER_EVENT");
    }

    // ---- birth ----

    @Test
    void birth_basis_document_given() {
        refused(with(birth(newMother(), today().minusDays(1)), "medicalCertificateNumber", null), "BIRTH_BASIS_DOCUMENT_REQUIRED");
    }

    @Test
    void birth_medical_certificate_used_once() {
        Map<String, Object> first = birth(newMother(), today().minusDays(1));
        register(first).statusCode(201);
        refused(with(birth(newMother(), today().minusDays(1)), "medicalCertificateNumber", first.get("medicalCertificateNumber")),
                "BIRTH_MEDICAL_CERTIFICATE_ALREADY_USED");
    }

    @Test
    void late_birth_has_reason() {
        refused(birth(newMother(), today().minusMonths(3)), "BIRTH_LATE_REASON_REQUIRED");
        register(with(birth(newMother(), today().minusMonths(3)), "lateRegistrationReason", "the family lived abroad"))
                .statusCode(201).body("details.late", equalTo(true));
    }

    @Test
    void very_late_birth_has_court_decision() {
        refused(with(birth(newMother(), today().minusYears(2)), "lateRegistrationReason", "never declared"),
                "BIRTH_COURT_DECISION_REQUIRED");
    }

    @Test
    void mother_is_female() {
        refused(birth(person("Раҳимзода", "Рустам", "MALE", today().minusYears(30)), today().minusDays(1)), "BIRTH_MOTHER_NOT_FEMALE");
    }

    @Test
    void father_is_male() {
        refused(with(birth(newMother(), today().minusDays(1)), "father", person("Раҳимзода", "Нигина", "FEMALE",
                today().minusYears(30))), "BIRTH_FATHER_NOT_MALE");
    }

    @Test
    void mother_born_before_child() {
        refused(birth(person("Раҳимзода", "Мадина", "FEMALE", today().minusDays(1)), today().minusDays(1)), "BIRTH_MOTHER_NOT_OLDER");
    }

    @Test
    void father_agrees_with_presumption() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        marry(husband, wife, today().minusYears(1));
        String other = adult("Фарҳод", "MALE");
        refused(with(birth(ref(wife), today().minusDays(1)), "father", ref(other)), "BIRTH_FATHER_CONTRADICTS_PRESUMPTION");
    }

    @Test
    void court_decided_father_has_decision() {
        Map<String, Object> act = with(birth(newMother(), today().minusDays(1)), "father",
                person("Раҳимзода", "Фарҳод", "MALE", today().minusYears(30)));
        refused(with(act, "fatherBasis", "COURT_DECISION"), "BIRTH_COURT_DECISION_REQUIRED");
    }

    @Test
    void the_mothers_husband_is_presumed_the_father_also_within_300_days_after_a_divorce() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        marry(husband, wife, today().minusYears(2));
        register(birth(ref(wife), today().minusDays(1))).statusCode(201)
                .body("details.father.personId", equalTo(husband))
                .body("details.fatherBasis", equalTo("PRESUMED_BY_MARRIAGE"));
        register(divorce(husband, wife, "COURT_DECISION")).statusCode(201);
        // The divorce is today; a birth 299 days later is outside this test's clock, so check the index directly:
        String child = register(with(birth(ref(wife), today()), "medicalCertificateNumber", unique("MBC"))).statusCode(201)
                .body("details.father.personId", equalTo(husband)).extract().path("details.child.personId");
        Registry.person(child).body("links.find { it.relation == 'PARENT' && it.personId == '%s' }.relation".formatted(husband),
                equalTo("PARENT"));
    }

    @Test
    void without_a_marriage_a_father_is_entered_at_the_mothers_word_without_a_link() {
        String child = register(with(birth(newMother(), today().minusDays(1)), "father",
                person("Раҳимзода", "Фарҳод", "MALE", today().minusYears(30)))).statusCode(201)
                .body("details.fatherBasis", equalTo("MOTHER_DECLARATION"))
                .extract().path("details.child.personId");
        Registry.person(child).body("links.size()", equalTo(1)).body("links[0].relation", equalTo("PARENT"));
    }

    @Test
    void newborn_name_conventions_are_warnings_by_default() {
        Map<String, Object> act = birth(newMother(), today().minusDays(1));
        act.put("child", person("Сафаров", "Джон", "MALE", today().minusDays(1)));
        register(act).statusCode(201).body("details.nameWarnings",
                org.hamcrest.Matchers.contains("BIRTH_SURNAME_RUSSIFIED", "BIRTH_NAME_NOT_IN_REGISTER"));
        register(birth(newMother(), today().minusDays(1))).statusCode(201).body("details.nameWarnings",
                org.hamcrest.Matchers.nullValue());
    }

    // ---- death ----

    @Test
    void death_person_in_registry() {
        refused(with(death(adult("Рустам", "MALE")), "deceased", person("Касе", "Номаълум", "MALE", today().minusYears(50))),
                "DEATH_PERSON_NOT_IN_REGISTRY");
    }

    @Test
    void death_not_already_deceased() {
        String p = adult("Рустам", "MALE");
        register(death(p)).statusCode(201);
        refused(death(p), "DEATH_PERSON_ALREADY_DECEASED");
    }

    @Test
    void death_not_before_birth() {
        String p = adult("Рустам", "MALE", today().minusDays(20));
        refused(with(death(p), "dateOfDeath", today().minusDays(30).toString()), "DEATH_BEFORE_BIRTH");
    }

    @Test
    void death_basis_document_given() {
        refused(with(death(adult("Рустам", "MALE")), "medicalCertificateNumber", null), "DEATH_BASIS_DOCUMENT_REQUIRED");
    }

    @Test
    void death_medical_certificate_used_once() {
        Map<String, Object> first = death(adult("Рустам", "MALE"));
        register(first).statusCode(201);
        refused(with(death(adult("Фарҳод", "MALE")), "medicalCertificateNumber", first.get("medicalCertificateNumber")),
                "DEATH_MEDICAL_CERTIFICATE_ALREADY_USED");
    }

    // ---- marriage ----

    @Test
    void marriage_not_the_same_person() {
        String p = adult("Рустам", "MALE");
        refused(marriage(p, p, today()), "MARRIAGE_SAME_PERSON");
    }

    @Test
    void marriage_spouses_alive() {
        String groom = adult("Рустам", "MALE");
        register(death(groom)).statusCode(201);
        refused(marriage(groom, adult("Мадина", "FEMALE"), today()), "MARRIAGE_SPOUSE_DECEASED");
    }

    @Test
    void marriage_spouses_birth_dates_known() {
        String groom = adult("Рустам", "MALE");
        refused(with(marriage(groom, groom, today()), "spouse2", person("Шарифзода", "Нигина", "FEMALE", null)),
                "MARRIAGE_SPOUSE_BIRTH_DATE_REQUIRED");
    }

    @Test
    void marriage_spouses_of_marriage_age() {
        String groom = adult("Рустам", "MALE");
        String bride = adult("Нигина", "FEMALE", today().minusYears(17));
        refused(marriage(groom, bride, today()), "MARRIAGE_SPOUSE_UNDER_AGE");
        register(with(marriage(groom, bride, today()), "marriageAgeLoweredBy", document(unique("ҚМ"), today().minusDays(5))))
                .statusCode(201);
    }

    @Test
    void marriage_neither_spouse_currently_married() {
        String groom = adult("Рустам", "MALE");
        marry(groom, adult("Мадина", "FEMALE"), today().minusYears(1));
        refused(marriage(groom, adult("Нигина", "FEMALE"), today()), "MARRIAGE_SPOUSE_ALREADY_MARRIED");
    }

    @Test
    void marriage_not_close_relatives() {
        String mother = adult("Гулнора", "FEMALE", today().minusYears(70));
        String father = adult("Аҳмад", "MALE", today().minusYears(72));
        String son = childOf(mother, null, "Рустам", today().minusYears(45));
        String daughter = girl(mother, null, today().minusYears(40));
        refused(marriage(son, daughter, today()), "MARRIAGE_CLOSE_RELATIVES");

        String halfBrother = childOf(mother, father, "Фарҳод", today().minusYears(35));
        String halfSister = girl(adult("Нигина", "FEMALE", today().minusYears(60)), father, today().minusYears(30));
        refused(marriage(halfBrother, halfSister, today()), "MARRIAGE_CLOSE_RELATIVES");

        String granddaughter = girl(adult("Ситора", "FEMALE", today().minusYears(40)), halfBrother, today().minusYears(19));
        refused(marriage(halfBrother, granddaughter, today()), "MARRIAGE_CLOSE_RELATIVES");
        refused(marriage(father, granddaughter, today()), "MARRIAGE_CLOSE_RELATIVES");

        String adoptee = girl(adult("Зарина", "FEMALE", today().minusYears(45)), null, today().minusYears(17));
        String adopter = adult("Фаррух", "MALE", today().minusYears(40));
        register(adoption(adoptee, List.of(adopter))).statusCode(201);
        refused(with(marriage(adopter, adoptee, today()), "marriageAgeLoweredBy", document(unique("ҚМ"), today())),
                "MARRIAGE_CLOSE_RELATIVES");
    }

    private static String girl(String motherId, String fatherId, LocalDate born) {
        return Registry.restoreBirth(person("Раҳимзода", "Парвина", "FEMALE", born), ref(motherId),
                fatherId == null ? null : ref(fatherId)).statusCode(201).extract().path("details.child.personId");
    }

    @Test
    void marriage_spouses_sex_allowed() {
        refused(marriage(adult("Рустам", "MALE"), adult("Фарҳод", "MALE"), today()), "MARRIAGE_SPOUSES_SEX_NOT_ALLOWED");
    }

    @Test
    void marriage_waiting_period_over() {
        Map<String, Object> act = marriage(adult("Рустам", "MALE"), adult("Мадина", "FEMALE"), today());
        refused(with(act, "jointApplication", document(unique("ЗА"), today().minusDays(10))), "MARRIAGE_WAITING_PERIOD_NOT_OVER");
        register(with(with(act, "jointApplication", document(unique("ЗА"), today().minusDays(10))), "waitingPeriodShortenedBy",
                document(unique("ҚС"), today().minusDays(9)))).statusCode(201);
    }

    // ---- divorce ----

    @Test
    void divorce_active_marriage_between_them() {
        String husband = adult("Рустам", "MALE");
        marry(husband, adult("Мадина", "FEMALE"), today().minusYears(1));
        refused(divorce(husband, adult("Нигина", "FEMALE"), "COURT_DECISION"), "DIVORCE_NO_ACTIVE_MARRIAGE");
    }

    @Test
    void divorce_by_consent_only_without_minor_children() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        marry(husband, wife, today().minusYears(3));
        register(birth(ref(wife), today().minusMonths(0).minusDays(3))).statusCode(201);
        refused(divorce(husband, wife, "MUTUAL_CONSENT"), "DIVORCE_MINOR_CHILDREN_NEED_COURT");
        register(divorce(husband, wife, "COURT_DECISION")).statusCode(201);
    }

    @Test
    void divorce_court_divorce_has_decision() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        marry(husband, wife, today().minusYears(1));
        refused(with(divorce(husband, wife, "COURT_DECISION"), "courtDecision", null), "DIVORCE_COURT_DECISION_REQUIRED");
    }

    @Test
    void divorce_consent_divorce_has_application() {
        String husband = adult("Рустам", "MALE");
        String wife = adult("Мадина", "FEMALE");
        marry(husband, wife, today().minusYears(1));
        refused(with(divorce(husband, wife, "MUTUAL_CONSENT"), "jointApplication", null), "DIVORCE_JOINT_APPLICATION_REQUIRED");
    }

    // ---- adoption ----

    private static String child(LocalDate born) {
        return childOf(adult("Гулнора", "FEMALE", born.minusYears(25)), null, "Фирдавс", born);
    }

    @Test
    void adoption_child_in_registry() {
        Map<String, Object> act = adoption(child(today().minusYears(3)), List.of(adult("Фарҳод", "MALE")));
        refused(with(act, "child", person("Касе", "Номаълум", "MALE", today().minusYears(3))), "ADOPTION_CHILD_NOT_IN_REGISTRY");
    }

    @Test
    void adoption_child_not_an_adopter() {
        String kid = child(today().minusYears(3));
        refused(adoption(kid, List.of(kid)), "ADOPTION_CHILD_AMONG_ADOPTERS");
    }

    @Test
    void adoption_child_has_birth_record() {
        String groom = adult("Рустам", "MALE");
        Map<String, Object> spouseWithoutBirthRecord = person("Шарифзода", "Нигина", "FEMALE", today().minusYears(25));
        String bride = register(with(marriage(groom, groom, today()), "spouse2", spouseWithoutBirthRecord)).statusCode(201)
                .extract().path("details.spouse2.personId");
        refused(adoption(bride, List.of(adult("Фарҳод", "MALE", today().minusYears(60)))), "ADOPTION_BIRTH_RECORD_MISSING");
    }

    @Test
    void adoption_child_is_minor() {
        refused(adoption(child(today().minusYears(19)), List.of(adult("Фарҳод", "MALE", today().minusYears(60)))),
                "ADOPTION_CHILD_NOT_MINOR");
    }

    @Test
    void adoption_adopters_alive() {
        String adopter = adult("Фарҳод", "MALE");
        register(death(adopter)).statusCode(201);
        refused(adoption(child(today().minusYears(3)), List.of(adopter)), "ADOPTION_ADOPTER_DECEASED");
    }

    @Test
    void adoption_adopters_are_adults() {
        refused(adoption(child(today().minusYears(1)), List.of(adult("Фарҳод", "MALE", today().minusYears(17)))),
                "ADOPTION_ADOPTER_NOT_ADULT");
    }

    @Test
    void adoption_adopters_older_by_the_gap() {
        refused(adoption(child(today().minusYears(10)), List.of(adult("Фарҳод", "MALE", today().minusYears(25)))),
                "ADOPTION_AGE_GAP_TOO_SMALL");
    }

    // ---- paternity ----

    @Test
    void paternity_child_in_registry() {
        refused(with(paternity(child(today().minusYears(1)), adult("Рустам", "MALE")), "child",
                person("Касе", "Номаълум", "MALE", today().minusYears(1))), "PATERNITY_CHILD_NOT_IN_REGISTRY");
    }

    @Test
    void paternity_child_has_birth_record() {
        String groom = adult("Рустам", "MALE");
        String bride = register(with(marriage(groom, groom, today()), "spouse2",
                person("Шарифзода", "Нигина", "FEMALE", today().minusYears(25)))).statusCode(201)
                .extract().path("details.spouse2.personId");
        refused(paternity(bride, adult("Фарҳод", "MALE", today().minusYears(60))), "PATERNITY_BIRTH_RECORD_MISSING");
    }

    @Test
    void paternity_no_father_yet() {
        String kid = child(today().minusYears(1));
        register(paternity(kid, adult("Рустам", "MALE"))).statusCode(201);
        refused(paternity(kid, adult("Фарҳод", "MALE")), "PATERNITY_ALREADY_ESTABLISHED");
    }

    @Test
    void paternity_father_is_male() {
        refused(paternity(child(today().minusYears(1)), adult("Мадина", "FEMALE")), "PATERNITY_FATHER_NOT_MALE");
    }

    @Test
    void paternity_father_born_before_child() {
        refused(paternity(child(today().minusYears(10)), adult("Рустам", "MALE", today().minusYears(5))), "PATERNITY_FATHER_NOT_OLDER");
    }

    @Test
    void paternity_basis_document_given() {
        refused(with(paternity(child(today().minusYears(1)), adult("Рустам", "MALE")), "jointApplication", null),
                "PATERNITY_BASIS_DOCUMENT_REQUIRED");
    }

    // ---- name change ----

    @Test
    void name_change_person_in_registry() {
        refused(with(nameChange(adult("Рустам", "MALE"), "Султонзода"), "person",
                person("Касе", "Номаълум", "MALE", today().minusYears(30))), "NAME_CHANGE_PERSON_NOT_IN_REGISTRY");
    }

    @Test
    void name_change_person_alive() {
        String p = adult("Рустам", "MALE");
        register(death(p)).statusCode(201);
        refused(nameChange(p, "Султонзода"), "NAME_CHANGE_PERSON_DECEASED");
    }

    @Test
    void name_change_person_old_enough() {
        refused(nameChange(adult("Рустам", "MALE", today().minusYears(15)), "Султонзода"), "NAME_CHANGE_UNDER_AGE");
    }

    @Test
    void name_change_new_name_differs() {
        refused(nameChange(adult("Рустам", "MALE"), "Раҳимзода"), "NAME_CHANGE_SAME_NAME");
    }
}
