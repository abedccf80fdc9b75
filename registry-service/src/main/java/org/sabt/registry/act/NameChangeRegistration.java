package org.sabt.registry.act;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/** A change of name on the person's application: the names before (from the index) and after. */
@Schema(name = "NameChangeRegistration", description = "Registration of a change of name (type NAME_CHANGE)")
public record NameChangeRegistration(
        @NotBlank @Size(max = 10) @Schema(example = "DSH01") String office,
        @NotNull @Valid @Schema(description = "The person, by personId; the stored act keeps the names before") PersonDetails person,
        @NotBlank @Size(max = 100) String newSurname,
        @NotBlank @Size(max = 100) String newGivenName,
        @Size(max = 100) String newPatronymic,
        @NotNull @Schema(description = "The day the change takes effect (normally the registration date)") LocalDate changedOn,
        @NotNull @Valid @Schema(description = "The person's application") DocumentRef application,
        @Size(max = 500) String reasonForChange)
        implements ActRegistration {

    @Override
    @JsonIgnore
    public ActType type() {
        return ActType.NAME_CHANGE;
    }

    @Override
    @JsonIgnore
    public LocalDate eventDate() {
        return changedOn;
    }

    @Override
    @JsonIgnore
    public List<Party> parties() {
        return List.of(new Party("PERSON", person));
    }

    NameChangeRegistration with(PersonDetails resolved) {
        return new NameChangeRegistration(office, resolved, newSurname, newGivenName, newPatronymic, changedOn, application,
                reasonForChange);
    }
}
