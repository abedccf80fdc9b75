package org.sabt.registry.act;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/** A marriage: the two spouses, the date, the surnames they choose, and the joint application. */
@Schema(name = "MarriageRegistration", description = "Registration of a marriage (type MARRIAGE)")
public record MarriageRegistration(
        @NotBlank @Size(max = 10) @Schema(example = "KHT02") String office,
        @NotNull @Valid PersonDetails spouse1,
        @NotNull @Valid PersonDetails spouse2,
        @NotNull @Schema(example = "2026-11-21") LocalDate marriageDate,
        @Size(max = 100) @Schema(description = "spouse1's surname after the marriage; unchanged when omitted") String surnameAfterMarriage1,
        @Size(max = 100) @Schema(description = "spouse2's surname after the marriage; unchanged when omitted") String surnameAfterMarriage2,
        @NotNull @Valid @Schema(description = "The spouses' joint application (filed at least a month before, unless shortened)") DocumentRef jointApplication,
        @Valid @Schema(description = "The supervisor's decision shortening the waiting period") DocumentRef waitingPeriodShortenedBy,
        @Valid @Schema(description = "The decision lowering the marriage age for this marriage") DocumentRef marriageAgeLoweredBy)
        implements ActRegistration {

    @Override
    @JsonIgnore
    public ActType type() {
        return ActType.MARRIAGE;
    }

    @Override
    @JsonIgnore
    public LocalDate eventDate() {
        return marriageDate;
    }

    @Override
    @JsonIgnore
    public List<Party> parties() {
        return List.of(new Party("SPOUSE", spouse1), new Party("SPOUSE", spouse2));
    }

    MarriageRegistration with(PersonDetails one, PersonDetails two) {
        return new MarriageRegistration(office, one, two, marriageDate, surnameAfterMarriage1, surnameAfterMarriage2,
                jointApplication, waitingPeriodShortenedBy, marriageAgeLoweredBy);
    }
}
