package org.sabt.registry.act;

/** Realistic request examples and the error codes of the acts API, for the OpenAPI document. */
final class ActExamples {

    static final String BAD_REQUEST = "MALFORMED_JSON (also invalid UTF-8), VALIDATION_FAILED (missing fields, strings too "
            + "long), INVALID_FIELD_TYPE, INVALID_FIELD_VALUE (e.g. impossible dates), UNKNOWN_FIELD, UNKNOWN_TYPE (unknown act type)";

    static final String RULES = "OFFICE_UNKNOWN, PERSON_NOT_FOUND, PERSON_NATIONAL_ID_TAKEN, IDEMPOTENCY_KEY_REUSED; "
            + "every act: EVENT_DATE_REQUIRED, EVENT_DATE_IN_FUTURE, REGISTRATION_DATE_IN_FUTURE, REGISTRATION_BEFORE_EVENT, "
            + "PERSON_BORN_AFTER_EVENT; "
            + "BIRTH: BIRTH_BASIS_DOCUMENT_REQUIRED, BIRTH_MEDICAL_CERTIFICATE_ALREADY_USED, BIRTH_COURT_DECISION_REQUIRED, "
            + "BIRTH_LATE_REASON_REQUIRED, BIRTH_MOTHER_NOT_FEMALE, BIRTH_FATHER_NOT_MALE, BIRTH_MOTHER_NOT_OLDER, "
            + "BIRTH_FATHER_CONTRADICTS_PRESUMPTION, and when configured to refuse (warnings in details.nameWarnings "
            + "otherwise) BIRTH_SURNAME_RUSSIFIED, BIRTH_NAME_NOT_IN_REGISTER; "
            + "DEATH: DEATH_PERSON_NOT_IN_REGISTRY, DEATH_PERSON_ALREADY_DECEASED, DEATH_BEFORE_BIRTH, "
            + "DEATH_BASIS_DOCUMENT_REQUIRED, DEATH_MEDICAL_CERTIFICATE_ALREADY_USED; "
            + "MARRIAGE: MARRIAGE_SAME_PERSON, MARRIAGE_SPOUSE_DECEASED, MARRIAGE_SPOUSE_BIRTH_DATE_REQUIRED, "
            + "MARRIAGE_SPOUSE_UNDER_AGE, MARRIAGE_SPOUSE_ALREADY_MARRIED, MARRIAGE_CLOSE_RELATIVES, "
            + "MARRIAGE_SPOUSES_SEX_NOT_ALLOWED, MARRIAGE_WAITING_PERIOD_NOT_OVER; "
            + "DIVORCE: DIVORCE_NO_ACTIVE_MARRIAGE, DIVORCE_COURT_DECISION_REQUIRED, DIVORCE_JOINT_APPLICATION_REQUIRED, "
            + "DIVORCE_MINOR_CHILDREN_NEED_COURT; "
            + "ADOPTION: ADOPTION_CHILD_NOT_IN_REGISTRY, ADOPTION_CHILD_AMONG_ADOPTERS, ADOPTION_BIRTH_RECORD_MISSING, "
            + "ADOPTION_CHILD_NOT_MINOR, ADOPTION_ADOPTER_DECEASED, ADOPTION_ADOPTER_NOT_ADULT, ADOPTION_AGE_GAP_TOO_SMALL; "
            + "PATERNITY: PATERNITY_CHILD_NOT_IN_REGISTRY, PATERNITY_BIRTH_RECORD_MISSING, PATERNITY_BASIS_DOCUMENT_REQUIRED, "
            + "PATERNITY_FATHER_NOT_MALE, PATERNITY_FATHER_NOT_OLDER, PATERNITY_ALREADY_ESTABLISHED; "
            + "NAME_CHANGE: NAME_CHANGE_PERSON_NOT_IN_REGISTRY, NAME_CHANGE_PERSON_DECEASED, NAME_CHANGE_UNDER_AGE, "
            + "NAME_CHANGE_SAME_NAME";

    static final String BIRTH = """
            {"type": "BIRTH", "office": "KHT02",
             "child": {"surname": "Раҳимзода", "givenName": "Фирдавс", "patronymic": "Рустамович", "sex": "MALE",
                       "birthDate": "2026-11-20", "placeOfBirth": "Кӯлоб", "citizenship": "TJK"},
             "mother": {"personId": "6f1c2b9e-3c1d-4a57-9a0e-2b7f0f4f8a11"},
             "medicalCertificateNumber": "MBC-2026-004711"}""";

    static final String DEATH = """
            {"type": "DEATH", "office": "KHT02",
             "deceased": {"personId": "0b3f8f7e-5d2a-4c1b-8e9f-1a2b3c4d5e6f"},
             "dateOfDeath": "2026-11-18", "placeOfDeath": "Кӯлоб", "causeOfDeathCode": "I21.9",
             "medicalCertificateNumber": "MDC-2026-000311"}""";

    static final String MARRIAGE = """
            {"type": "MARRIAGE", "office": "KHT02",
             "spouse1": {"personId": "0b3f8f7e-5d2a-4c1b-8e9f-1a2b3c4d5e6f"},
             "spouse2": {"surname": "Шарифзода", "givenName": "Нигина", "patronymic": "Алиевна", "sex": "FEMALE",
                         "birthDate": "1999-02-11", "placeOfBirth": "Душанбе", "citizenship": "TJK", "nationalId": "1000000077"},
             "marriageDate": "2026-11-21", "surnameAfterMarriage2": "Раҳимзода",
             "jointApplication": {"number": "ЗА-2026-0193", "date": "2026-10-14", "issuedBy": "ЗАГС Кӯлоб"}}""";

    static final String DIVORCE = """
            {"type": "DIVORCE", "office": "KHT02",
             "spouse1": {"personId": "0b3f8f7e-5d2a-4c1b-8e9f-1a2b3c4d5e6f"},
             "spouse2": {"personId": "6f1c2b9e-3c1d-4a57-9a0e-2b7f0f4f8a11"},
             "divorceDate": "2026-11-19", "basis": "COURT_DECISION",
             "courtDecision": {"number": "2-1187/2026", "date": "2026-11-02", "issuedBy": "Суди шаҳри Кӯлоб"},
             "surnameAfterDivorce2": "Шарифзода"}""";

    static final String ADOPTION = """
            {"type": "ADOPTION", "office": "DSH01",
             "child": {"personId": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"},
             "adopters": [{"personId": "2c4e6a8b-1d3f-4b5a-9c7e-8f6d4b2a0c1e"}, {"personId": "3d5f7b9c-2e4a-4c6b-8d0f-9a7e5c3b1d2f"}],
             "adoptionDate": "2026-11-10", "newSurname": "Каримзода", "newPatronymic": "Фарҳодович",
             "courtDecision": {"number": "2-904/2026", "date": "2026-10-27", "issuedBy": "Суди ноҳияи Сино"}}""";

    static final String PATERNITY = """
            {"type": "PATERNITY", "office": "KHT02",
             "child": {"personId": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"},
             "father": {"personId": "0b3f8f7e-5d2a-4c1b-8e9f-1a2b3c4d5e6f"},
             "establishedOn": "2026-11-20", "basis": "JOINT_APPLICATION",
             "jointApplication": {"number": "ЗО-2026-0077", "date": "2026-11-20", "issuedBy": "ЗАГС Кӯлоб"},
             "childNewSurname": "Раҳимзода", "childNewPatronymic": "Рустамович"}""";

    static final String NAME_CHANGE = """
            {"type": "NAME_CHANGE", "office": "DSH01",
             "person": {"personId": "0b3f8f7e-5d2a-4c1b-8e9f-1a2b3c4d5e6f"},
             "newSurname": "Султонзода", "newGivenName": "Рустам", "newPatronymic": "Аҳмадович", "changedOn": "2026-11-20",
             "application": {"number": "ИН-2026-0412", "date": "2026-10-20", "issuedBy": "ЗАГС Сино"},
             "reasonForChange": "Тағйири насаб бо хоҳиши шахс"}""";

    static final String RESTORED_BIRTH = """
            {"paperRegistrationNumber": "412", "registrationDate": "1995-07-10",
             "act": {"type": "BIRTH", "office": "KHT02",
                     "child": {"surname": "Раҳимов", "givenName": "Рустам", "patronymic": "Аҳмадович", "sex": "MALE",
                               "birthDate": "1995-07-02", "placeOfBirth": "Кӯлоб", "citizenship": "TJK", "nationalId": "1000000002"},
                     "mother": {"surname": "Раҳимова", "givenName": "Гулнора", "sex": "FEMALE", "birthDate": "1971-01-15"}}}""";

    static final String AMENDMENT = """
            {"reason": "Spelling of the child's given name corrected",
             "basisDocument": {"kind": "APPLICATION", "number": "ИЗ-2026-0031", "date": "2026-11-21", "issuedBy": "ЗАГС Кӯлоб"},
             "details": {"type": "BIRTH", "office": "KHT02",
                         "child": {"personId": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a", "surname": "Раҳимзода", "givenName": "Фирдавс",
                                   "sex": "MALE", "birthDate": "2026-11-20", "placeOfBirth": "Кӯлоб"},
                         "mother": {"personId": "6f1c2b9e-3c1d-4a57-9a0e-2b7f0f4f8a11", "surname": "Раҳимзода", "givenName": "Мадина",
                                    "sex": "FEMALE", "birthDate": "1998-03-14"},
                         "medicalCertificateNumber": "MBC-2026-004711"}}""";

    static final String ANNULMENT = """
            {"reason": "Marriage declared void by the court",
             "courtDecision": {"kind": "COURT_DECISION", "number": "2-1312/2026", "date": "2026-11-15", "issuedBy": "Суди шаҳри Кӯлоб"}}""";

    private ActExamples() {
    }
}
