package org.sabt.registry.act;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A divorce: the spouses of an active marriage, by mutual consent or by a court decision. */
@Schema(name = "DivorceRegistration", description = "Registration of a divorce (type DIVORCE)")
public record DivorceRegistration(
        @NotBlank @Size(max = 10) @Schema(example = "KHT02") String office,
        @NotNull @Valid PersonDetails spouse1,
        @NotNull @Valid PersonDetails spouse2,
        @NotNull @Schema(description = "The day the marriage ends") LocalDate divorceDate,
        @NotNull Basis basis,
        @Valid @Schema(description = "Required when the basis is COURT_DECISION") DocumentRef courtDecision,
        @Valid @Schema(description = "The spouses' joint application, when by mutual consent") DocumentRef jointApplication,
        @Size(max = 100) String surnameAfterDivorce1,
        @Size(max = 100) String surnameAfterDivorce2,
        @Schema(readOnly = true, description = "The marriage act dissolved, found by the registry") UUID marriageActId)
        implements ActRegistration {

    public enum Basis { MUTUAL_CONSENT, COURT_DECISION }

    @Override
    @JsonIgnore
    public ActType type() {
        return ActType.DIVORCE;
    }

    @Override
    @JsonIgnore
    public LocalDate eventDate() {
        return divorceDate;
    }

    @Override
    @JsonIgnore
    public List<Party> parties() {
        return List.of(new Party("SPOUSE", spouse1), new Party("SPOUSE", spouse2));
    }

    DivorceRegistration with(PersonDetails one, PersonDetails two, UUID marriage) {
        return new DivorceRegistration(office, one, two, divorceDate, basis, courtDecision, jointApplication,
                surnameAfterDivorce1, surnameAfterDivorce2, marriage);
    }
}
