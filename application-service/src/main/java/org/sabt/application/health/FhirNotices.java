package org.sabt.application.health;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import jakarta.enterprise.context.ApplicationScoped;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.sabt.chassis.problem.ProblemException;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A medical notice as a FHIR R4 document Bundle, read with HAPI FHIR's structures (as OpenCRVS and the BFDR/VRDR
 * guides shape them): the Bundle's identifier is the notice id; its Composition's type says what it notifies (LOINC
 * 71230-7 birth, 69045-3 fetal death, 64297-5 death) and its identifier is the medical certificate number; the
 * custodian Organization is the facility (identifiers {@value #FACILITY} and {@value #OFFICE}); a Patient is the child
 * or the deceased, a RelatedPerson with relationship MTH the mother, Observations the birth weight (LOINC 8339-4, g)
 * and the cause of death (69453-9, ICD-10). National ids are identifiers of system {@value #NATIONAL_ID}.
 */
@ApplicationScoped
public class FhirNotices {

    public static final String NATIONAL_ID = "https://sabt.tj/fhir/national-id";
    public static final String FACILITY = "https://sabt.tj/fhir/facility";
    public static final String OFFICE = "https://sabt.tj/fhir/office";

    private final FhirContext fhir = FhirContext.forR4();

    /** The notice a FHIR document carries: 400 FHIR_INVALID when it is not FHIR, 422 when it lacks or contradicts. */
    public NoticeRequest read(String body) {
        Bundle bundle;
        try {
            IParser parser = fhir.newJsonParser();
            bundle = parser.parseResource(Bundle.class, body);
        } catch (DataFormatException | ClassCastException e) {
            throw ProblemException.badRequest("FHIR_INVALID", String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (bundle.getType() != Bundle.BundleType.DOCUMENT) {
            throw ProblemException.unprocessable("FHIR_NOT_A_DOCUMENT", bundle.getType());
        }
        String noticeId = bundle.getIdentifier().getValue();
        Composition composition = first(bundle, Composition.class)
                .orElseThrow(() -> ProblemException.unprocessable("FHIR_RESOURCE_MISSING", "Composition"));
        NoticeRequest.Kind kind = composition.getType().getCoding().stream().map(this::kind).flatMap(Optional::stream)
                .findFirst().orElseThrow(() -> ProblemException.unprocessable("FHIR_NOTICE_KIND_UNKNOWN",
                        composition.getType().getCodingFirstRep().getCode()));
        String certificate = composition.getIdentifier().getValue();
        if (noticeId == null || certificate == null) {
            throw ProblemException.unprocessable("FHIR_RESOURCE_MISSING", noticeId == null ? "Bundle.identifier" : "Composition.identifier");
        }
        Organization facility = composition.getCustodian().getResource() instanceof Organization o ? o
                : first(bundle, Organization.class).orElseThrow(() -> ProblemException.unprocessable("FHIR_RESOURCE_MISSING", "Organization"));
        String office = identifier(facility.getIdentifier(), OFFICE)
                .orElseThrow(() -> ProblemException.unprocessable("FHIR_RESOURCE_MISSING", "Organization.identifier " + OFFICE));
        NoticeRequest.Facility place = new NoticeRequest.Facility(identifier(facility.getIdentifier(), FACILITY).orElse(null),
                facility.getName());
        Patient patient = first(bundle, Patient.class).orElseThrow(() -> ProblemException.unprocessable("FHIR_RESOURCE_MISSING", "Patient"));
        if (kind == NoticeRequest.Kind.DEATH) {
            if (!(patient.getDeceased() instanceof org.hl7.fhir.r4.model.DateTimeType died) || died.getValue() == null) {
                throw ProblemException.unprocessable("FHIR_CONTRADICTORY", "a death notice whose Patient has no deceasedDateTime");
            }
            String cause = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(Observation.class::isInstance).map(Observation.class::cast)
                    .filter(o -> o.getCode().getCoding().stream().anyMatch(c -> "69453-9".equals(c.getCode())))
                    .map(o -> o.getValueCodeableConcept().getCodingFirstRep().getCode()).findFirst().orElse(null);
            return new NoticeRequest(noticeId, kind, certificate, place, office, day(died), null, null,
                    person(patient.getIdentifier(), patient.getNameFirstRep(), patient.getBirthDateElement()), cause);
        }
        if (patient.getDeceased() instanceof org.hl7.fhir.r4.model.BooleanType dead && dead.booleanValue()
                && kind == NoticeRequest.Kind.LIVE_BIRTH) {
            throw ProblemException.unprocessable("FHIR_CONTRADICTORY", "a live birth whose child is deceased");
        }
        RelatedPerson mother = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(RelatedPerson.class::isInstance).map(RelatedPerson.class::cast)
                .filter(r -> r.getRelationship().stream().flatMap(c -> c.getCoding().stream()).anyMatch(c -> "MTH".equals(c.getCode())))
                .findFirst().orElseThrow(() -> ProblemException.unprocessable("FHIR_RESOURCE_MISSING", "RelatedPerson (MTH)"));
        if (patient.getBirthDate() == null || patient.getGender() == null) {
            throw ProblemException.unprocessable("FHIR_RESOURCE_MISSING", "Patient.birthDate, Patient.gender");
        }
        Integer weight = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(Observation.class::cast)
                .filter(o -> o.getCode().getCoding().stream().anyMatch(c -> "8339-4".equals(c.getCode())))
                .map(o -> o.getValueQuantity().getValue()).filter(java.util.Objects::nonNull).map(v -> v.intValue())
                .findFirst().orElse(null);
        NoticeRequest.Sex sex = switch (patient.getGender()) {
            case MALE -> NoticeRequest.Sex.MALE;
            case FEMALE -> NoticeRequest.Sex.FEMALE;
            default -> throw ProblemException.unprocessable("FHIR_CONTRADICTORY", "Patient.gender " + patient.getGender().toCode());
        };
        return new NoticeRequest(noticeId, kind, certificate, place, office, day(patient.getBirthDateElement()),
                reached(person(mother.getIdentifier(), mother.getNameFirstRep(), mother.getBirthDateElement()),
                        mother.getTelecom(), mother.getCommunication().stream().map(c -> c.getLanguage().getCodingFirstRep().getCode())
                                .filter(java.util.Objects::nonNull).findFirst().orElse(null)),
                new NoticeRequest.Child(sex, weight), null, null);
    }

    private Optional<NoticeRequest.Kind> kind(Coding c) {
        return Optional.ofNullable(switch (String.valueOf(c.getCode())) {
            case "71230-7" -> NoticeRequest.Kind.LIVE_BIRTH;
            case "69045-3" -> NoticeRequest.Kind.STILLBIRTH;
            case "64297-5" -> NoticeRequest.Kind.DEATH;
            default -> null;
        });
    }

    private static NoticeRequest.Person person(List<Identifier> ids, HumanName name, org.hl7.fhir.r4.model.BaseDateTimeType born) {
        List<org.hl7.fhir.r4.model.StringType> given = name.getGiven();
        return new NoticeRequest.Person(identifier(ids, NATIONAL_ID).orElse(null), name.getFamily(),
                given.isEmpty() ? null : given.get(0).getValue(), given.size() > 1 ? given.get(1).getValue() : null,
                born == null || born.isEmpty() ? null : day(born));
    }

    /** The mother's mobile (telecom of system phone, use mobile first) and language (communication), as given. */
    private static NoticeRequest.Person reached(NoticeRequest.Person p, List<ContactPoint> telecom, String language) {
        String phone = telecom.stream().filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE
                        || t.getSystem() == ContactPoint.ContactPointSystem.SMS)
                .sorted(java.util.Comparator.comparing(t -> t.getUse() == ContactPoint.ContactPointUse.MOBILE ? 0 : 1))
                .map(ContactPoint::getValue).filter(java.util.Objects::nonNull).map(v -> v.replaceAll("[\\s()-]", ""))
                .findFirst().orElse(null);
        return new NoticeRequest.Person(p.nationalId(), p.surname(), p.givenName(), p.patronymic(), p.birthDate(), phone,
                language == null ? null : language.toLowerCase(java.util.Locale.ROOT).split("-")[0]);
    }

    private static Optional<String> identifier(List<Identifier> ids, String system) {
        return ids.stream().filter(i -> system.equals(i.getSystem())).map(Identifier::getValue).findFirst();
    }

    private static <T extends Resource> Optional<T> first(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
                .map(type::cast).findFirst();
    }

    /** The day as the document writes it (a date, or the date part of a dateTime with its own offset). */
    private static LocalDate day(org.hl7.fhir.r4.model.BaseDateTimeType value) {
        String text = value.getValueAsString();
        if (text == null || text.length() < 10) {
            throw ProblemException.unprocessable("FHIR_CONTRADICTORY", "a date without its day: " + text);
        }
        return LocalDate.parse(text.substring(0, 10));
    }
}
