package org.sabt.document.certificate;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.UUID;

/** The current version of an act as this service projected it. */
public record ActSnapshot(UUID actId, int version, String type, String registrationNumber, String office, String status,
                          LocalDate registrationDate, String registeredBy, JsonNode act) {

    public boolean annulled() {
        return "ANNULLED".equals(status);
    }
}
