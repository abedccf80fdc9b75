package org.sabt.system;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A FHIR R4 birth document as a maternity hospital's system makes it, with HAPI FHIR's model: the Composition (LOINC
 * 71230-7, the certificate number), Kulob's maternity hospital, the son, his mother (MTH, her national id, and her
 * mobile and language when given) and his birth weight.
 */
final class FhirBirthNotice {

    static String of(String noticeId, String certificate, String motherId, String surname, String givenName, LocalDate born,
                     int grams, String phone) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.DOCUMENT)
                .setIdentifier(new Identifier().setSystem("https://moh.tj/notices").setValue(noticeId));
        Organization facility = new Organization().setName("Роддоми шаҳри Кӯлоб");
        facility.setId("facility");
        facility.addIdentifier().setSystem("https://sabt.tj/fhir/facility").setValue("KHT-RB1");
        facility.addIdentifier().setSystem("https://sabt.tj/fhir/office").setValue("KHT02");
        Patient child = new Patient().setGender(Enumerations.AdministrativeGender.MALE).setBirthDateElement(new DateType(born.toString()));
        child.setId("child");
        RelatedPerson mother = new RelatedPerson().setPatient(new Reference("Patient/child"));
        mother.setId("mother");
        mother.addRelationship().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-RoleCode").setCode("MTH");
        mother.addIdentifier().setSystem("https://sabt.tj/fhir/national-id").setValue(motherId);
        mother.addName().setFamily(surname).addGiven(givenName);
        if (phone != null) {
            mother.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.MOBILE)
                    .setValue(phone);
            mother.addCommunication().getLanguage().addCoding().setSystem("urn:ietf:bcp:47").setCode("tg");
        }
        Observation weight = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/child"))
                .setValue(new Quantity().setValue(grams).setUnit("g").setSystem("http://unitsofmeasure.org").setCode("g"));
        weight.getCode().addCoding().setSystem("http://loinc.org").setCode("8339-4");
        Composition composition = new Composition().setStatus(Composition.CompositionStatus.FINAL).setDate(new Date())
                .setTitle("Birth notice").setIdentifier(new Identifier().setValue(certificate))
                .setCustodian(new Reference("Organization/facility"));
        composition.getType().addCoding().setSystem("http://loinc.org").setCode("71230-7");
        for (var resource : List.of(composition, facility, child, mother, weight)) {
            bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(resource);
        }
        return FhirContext.forR4().newJsonParser().encodeResourceToString(bundle);
    }

    private FhirBirthNotice() {
    }
}
