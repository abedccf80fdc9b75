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
