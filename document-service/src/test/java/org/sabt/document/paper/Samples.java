package org.sabt.document.paper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Acts as the registry publishes them, with the longest names the tests print. */
public final class Samples {

    public static final String CHILD_SURNAME = "Раҳмонзода";
    public static final String MOTHER_GIVEN = "Нилуфар";

    public static JsonNode birth() {
        return read("""
                {"type":"BIRTH","office":"KHT02","liveBorn":true,"childrenBorn":1,"fatherBasis":"PRESUMED_BY_MARRIAGE",
                 "child":{"personId":"6f1c7a3e-6b1e-4f43-9d62-1b2a3c4d5e6f","surname":"Раҳмонзода","givenName":"Фаррухҷамшед",
                   "patronymic":"Абдуқаҳҳорович","sex":"MALE","birthDate":"2026-11-20","placeOfBirth":"ш. Хуҷанд",
                   "citizenship":"TJK","nationalId":null,"latin":{"surname":"Rahmonzoda","givenName":"Farrukhjamshed","patronymic":"Abdukahhorovich"}},
                 "mother":{"personId":"7f1c7a3e-6b1e-4f43-9d62-1b2a3c4d5e6f","surname":"Раҳмонзода","givenName":"Нилуфар",
                   "patronymic":"Қурбоналиевна","sex":"FEMALE","birthDate":"1994-03-08","citizenship":"TJK","nationalId":"100200300",
                   "latin":{"surname":"Rahmonzoda","givenName":"Nilufar","patronymic":"Kurbonalievna"}},
                 "father":{"personId":"8f1c7a3e-6b1e-4f43-9d62-1b2a3c4d5e6f","surname":"Раҳмонзода","givenName":"Абдуқаҳҳор",
                   "patronymic":"Ғуломҷонович","sex":"MALE","birthDate":"1990-01-15","citizenship":"TJK","nationalId":"100200301",
                   "latin":{"surname":"Rahmonzoda","givenName":"Abdukahhor","patronymic":"Gulomjonovich"}}}""");
    }

    private static final String GROOM = """
            {"personId":null,"surname":"Абдураҳмонов","givenName":"Фаррухҷон","patronymic":"Абдуқаҳҳорович","sex":"MALE",
             "birthDate":"1994-05-17","nationalId":"100200302","latin":{"surname":"Abdurahmonov","givenName":"Farrukhjon"}}""";
    private static final String BRIDE = """
            {"personId":null,"surname":"Раҳмонзода","givenName":"Нилуфар","patronymic":"Қурбоналиевна","sex":"FEMALE",
             "birthDate":"1996-03-08","nationalId":"100200303","latin":{"surname":"Rahmonzoda","givenName":"Nilufar"}}""";

    /** One act's details of each type, names as long as they come, for the QR sizes the README states. */
    public static java.util.Map<String, JsonNode> everyType() {
        java.util.Map<String, JsonNode> all = new java.util.LinkedHashMap<>();
        all.put("BIRTH", birth());
        all.put("DEATH", read("""
                {"type":"DEATH","office":"KHT02","deceased":%s,"dateOfDeath":"2026-11-20","placeOfDeath":"ш. Кӯлоб",
                 "causeOfDeathCode":"I21.9"}""".formatted(GROOM)));
        all.put("MARRIAGE", read("""
                {"type":"MARRIAGE","office":"KHT02","spouse1":%s,"spouse2":%s,"marriageDate":"2026-11-20",
                 "surnameAfterMarriage2":"Абдураҳмонова","jointApplication":{"number":"ЗА-1","date":"2026-10-01"}}""".formatted(GROOM, BRIDE)));
        all.put("DIVORCE", read("""
                {"type":"DIVORCE","office":"KHT02","spouse1":%s,"spouse2":%s,"divorceDate":"2026-11-20","basis":"COURT_DECISION",
                 "marriageActId":"6f1c7a3e-6b1e-4f43-9d62-1b2a3c4d5e6f","surnameAfterDivorce2":"Раҳмонзода"}""".formatted(GROOM, BRIDE)));
        all.put("ADOPTION", read("""
                {"type":"ADOPTION","office":"KHT02","child":%s,"adopters":[%s,%s],"adoptionDate":"2026-11-20",
                 "courtDecision":{"number":"2-1","date":"2026-11-01"},"newSurname":"Абдураҳмонов","newPatronymic":"Фаррухҷонович",
                 "adoptersRecordedAsParents":true,"birthActId":"6f1c7a3e-6b1e-4f43-9d62-1b2a3c4d5e6f"}"""
                .formatted(birth().get("child"), GROOM, BRIDE)));
        all.put("PATERNITY", read("""
                {"type":"PATERNITY","office":"KHT02","child":%s,"father":%s,"establishedOn":"2026-11-20","basis":"JOINT_APPLICATION",
                 "birthActId":"6f1c7a3e-6b1e-4f43-9d62-1b2a3c4d5e6f"}""".formatted(birth().get("child"), GROOM)));
        all.put("NAME_CHANGE", read("""
                {"type":"NAME_CHANGE","office":"KHT02","person":%s,"newSurname":"Абдураҳмонзода","newGivenName":"Фаррухҷамшед",
                 "newPatronymic":"Абдуқаҳҳорович","changedOn":"2026-11-20","application":{"number":"ИЗ-1","date":"2026-10-01"}}"""
                .formatted(GROOM)));
        return all;
    }

    public static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Samples() {
    }
}
