package org.sabt.document.blank;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A holder's blanks over a period: opening + received + transferred in − issued − spoiled − transferred out = closing.
 * {@code freeNow} counts the free blanks the holder has today; for a period ending today it equals the closing balance.
 */
@Schema(name = "BlankJournal")
public record Journal(@Schema(description = "An office code, or STOCK for the national stock") String holder, LocalDate from,
                      LocalDate to, long opening, long received, long transferredIn, long issued, long spoiled,
                      long transferredOut, long closing, long freeNow, boolean balances, List<Movement> movements) {

    @Schema(name = "BlankMovement", description = "One step of some blanks' fate. An issue undone by spoiling the blank counts -1.")
    public record Movement(Instant at, String kind, String series, int numberFrom, int numberTo, int count,
                           String certificateType, UUID certificateId, String counterpart, String reason, String actor) {
    }
}
