package org.sabt.application;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** The one window as its users work it, through the API, each with their own real token. */
final class Desk {

    static final String REGISTRAR = "registrar.kulob";
    static final String BACK_OFFICE = "backoffice.kulob";
    static final String OTHER_OFFICE_BACK_OFFICE = "backoffice.sino";
    static final String SUPERVISOR = "supervisor";
    static final String HEALTH = "health.kulob";
    static final String AGENCY = "agency.statistics";
    static final String MADINA = "citizen.madina";
    static final String MADINA_ID = "1000000001";
    static final String RUSTAM = "citizen.rustam";

    static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON).log().ifValidationFails();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> person(String nationalId, String surname, String givenName, String sex, LocalDate born) {
        Map<String, Object> p = new HashMap<>(Map.of("surname", surname, "givenName", givenName, "sex", sex,
                "birthDate", born.toString()));
        if (nationalId != null) {
            p.put("nationalId", nationalId);
        }
        return p;
    }

    static Map<String, Object> birthForm(String motherNationalId, String certificate) {
        Map<String, Object> form = new HashMap<>(Map.of(
                "child", Map.of("surname", "Раҳимзода", "givenName", "Фирдавс", "sex", "MALE",
                        "birthDate", LocalDate.now().minusDays(2).toString()),
                "mother", person(motherNationalId, "Раҳимзода", "Мадина", "FEMALE", LocalDate.of(1998, 3, 14))));
        if (certificate != null) {
            form.put("medicalCertificateNumber", certificate);
        }
        return form;
    }

    static Map<String, Object> marriageForm(String nationalId1, String nationalId2) {
        return Map.of(
                "spouse1", person(nationalId1, "Каримов", "Рустам", "MALE", LocalDate.of(1995, 6, 1)),
                "spouse2", person(nationalId2, "Назарова", "Нигина", "FEMALE", LocalDate.of(1997, 2, 11)),
                "marriageDate", LocalDate.now().toString(),
                "jointApplication", Map.of("number", unique("JA"), "date", LocalDate.now().minusDays(40).toString()));
    }

    static Map<String, Object> newApplication(String service, String office, Object form) {
        return new HashMap<>(Map.of("service", service, "office", office, "form", form,
                "contact", Map.of("phone", "+992900000001", "language", "tg")));
    }

    /** A registrar takes a walk-in applicant's form at the counter; returns the application's id. */
    static String walkIn(String registrar, String office, String service, Object form, String applicantId) {
        Map<String, Object> body = newApplication(service, office, form);
        body.put("applicant", Map.of("nationalId", applicantId, "name", "Раҳимзода Мадина"));
        return as(registrar).body(body).post("/api/v1/applications").then().statusCode(201).extract().path("id");
    }

    static String submit(String citizen, String service, String office, Object form) {
        return as(citizen).body(newApplication(service, office, form)).post("/api/v1/applications").then()
                .statusCode(201).extract().path("id");
    }

    static JsonPath read(String user, String id) {
        return as(user).get("/api/v1/applications/" + id).then().statusCode(200).extract().jsonPath();
    }

    static int version(String user, String id) {
        return read(user, id).getInt("version");
    }

    /** An action with If-Match of the version the user reads first. */
    static ValidatableResponse act(String user, String id, String action, Object body) {
        int version = version(user, id);
        RequestSpecification r = as(user).header("If-Match", "\"" + version + "\"");
        if (body != null) {
            r = r.body(body);
        }
        return r.post("/api/v1/applications/" + id + "/" + action).then();
    }

    static ValidatableResponse claim(String user, String id) {
        return as(user).post("/api/v1/applications/" + id + "/assignment").then();
    }

    /** From the counter into review: accepted with every required document, claimed and reviewed by the back office. */
    static JsonPath intoReview(String id, List<String> documents) {
        act(REGISTRAR, id, "acceptance", Map.of("documentsSeen", documents)).statusCode(200);
        claim(BACK_OFFICE, id).statusCode(200);
        return act(BACK_OFFICE, id, "review", null).statusCode(200).extract().jsonPath();
    }

    static final List<String> BIRTH_DOCUMENTS = List.of("MOTHER_ID", "MEDICAL_BIRTH_CERTIFICATE");
    static final List<String> MARRIAGE_DOCUMENTS = List.of("JOINT_APPLICATION", "SPOUSE1_ID", "SPOUSE2_ID",
            "MEDICAL_EXAMINATION", "FEE_RECEIPT");

    private Desk() {
    }
}
