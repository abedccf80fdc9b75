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

/** Establishing paternity: the child and the father, by the parents' joint application or a court decision. */
@Schema(name = "PaternityRegistration", description = "Registration of the establishment of paternity (type PATERNITY)")
public record PaternityRegistration(
        @NotBlank @Size(max = 10) @Schema(example = "KHT02") String office,
        @NotNull @Valid @Schema(description = "The child, by personId") PersonDetails child,
        @NotNull @Valid PersonDetails father,
        @NotNull @Schema(description = "The day paternity is established") LocalDate establishedOn,
        @NotNull Basis basis,
        @Valid @Schema(description = "Required when the basis is JOINT_APPLICATION") DocumentRef jointApplication,
        @Valid @Schema(description = "Required when the basis is COURT_DECISION") DocumentRef courtDecision,
        @Size(max = 100) @Schema(description = "The child's surname after; unchanged when omitted") String childNewSurname,
        @Size(max = 100) @Schema(description = "The child's patronymic after; unchanged when omitted") String childNewPatronymic,
        @Schema(readOnly = true, description = "The child's birth act, amended") UUID birthActId)
        implements ActRegistration {

    public enum Basis { JOINT_APPLICATION, COURT_DECISION }

    @Override
    @JsonIgnore
    public ActType type() {
        return ActType.PATERNITY;
    }

    @Override
    @JsonIgnore
    public LocalDate eventDate() {
        return establishedOn;
    }

    @Override
    @JsonIgnore
    public List<Party> parties() {
        return List.of(new Party("CHILD", child), new Party("FATHER", father));
    }

    PaternityRegistration with(PersonDetails resolvedChild, PersonDetails resolvedFather, UUID birthAct) {
        return new PaternityRegistration(office, resolvedChild, resolvedFather, establishedOn, basis, jointApplication,
                courtDecision, childNewSurname, childNewPatronymic, birthAct);
    }
}
