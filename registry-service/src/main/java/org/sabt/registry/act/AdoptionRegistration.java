package org.sabt.registry.act;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An adoption by court decision: the child, one or two adopters, and the child's names after it. */
@Schema(name = "AdoptionRegistration", description = "Registration of an adoption (type ADOPTION)")
public record AdoptionRegistration(
        @NotBlank @Size(max = 10) @Schema(example = "KHT02") String office,
        @NotNull @Valid @Schema(description = "The child, by personId") PersonDetails child,
        @NotEmpty @Size(max = 2) List<@NotNull @Valid PersonDetails> adopters,
        @NotNull @Schema(description = "The day the court decision took effect") LocalDate adoptionDate,
        @NotNull @Valid DocumentRef courtDecision,
        @Size(max = 100) String newSurname,
        @Size(max = 100) String newGivenName,
        @Size(max = 100) String newPatronymic,
        @Schema(description = "Record the adopters as the child's parents on the birth record", defaultValue = "true") Boolean adoptersRecordedAsParents,
        @Schema(readOnly = true, description = "The child's birth act, amended and its original sealed") UUID birthActId)
        implements ActRegistration {

    @Override
    @JsonIgnore
    public ActType type() {
        return ActType.ADOPTION;
    }

    @Override
    @JsonIgnore
    public LocalDate eventDate() {
        return adoptionDate;
    }

    @Override
    @JsonIgnore
    public List<Party> parties() {
        List<Party> parties = new ArrayList<>(List.of(new Party("CHILD", child)));
        adopters.forEach(a -> parties.add(new Party("ADOPTER", a)));
        return parties;
    }

    AdoptionRegistration with(PersonDetails resolvedChild, List<PersonDetails> resolvedAdopters, UUID birthAct) {
        return new AdoptionRegistration(office, resolvedChild, resolvedAdopters, adoptionDate, courtDecision, newSurname,
                newGivenName, newPatronymic, adoptersRecordedAsParents == null ? Boolean.TRUE : adoptersRecordedAsParents,
                birthAct);
    }
}
