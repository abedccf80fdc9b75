package org.sabt.registry.act;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A birth: the child, the mother, the father when known, and the basis (medical certificate, witness, court). */
@Schema(name = "BirthRegistration", description = "Registration of a birth (type BIRTH)")
public record BirthRegistration(
        @NotBlank @Size(max = 10) @Schema(example = "KHT02") String office,
        @NotNull @Valid PersonDetails child,
        @NotNull @Valid PersonDetails mother,
        @Valid @Schema(description = "Omitted when the mother's husband is presumed the father: the registry fills him in") PersonDetails father,
        @Schema(description = "How the father is known; PRESUMED_BY_MARRIAGE is set by the registry") FatherBasis fatherBasis,
        @Schema(description = "false for a stillbirth (no person entry is made)", defaultValue = "true") Boolean liveBorn,
        @Min(1) @Max(10) @Schema(description = "Children born in this birth", defaultValue = "1") Integer childrenBorn,
        @Size(max = 50) @Schema(description = "Number of the health ministry's medical birth certificate",
                example = "MBC-2026-004711") String medicalCertificateNumber,
        @Size(max = 50) @Schema(description = "Number of the witness statement, when there is no medical certificate") String witnessStatement,
        @Valid @Schema(description = "Court decision establishing the birth (required more than a year after it)") DocumentRef courtDecision,
        @Size(max = 500) @Schema(description = "Why the birth is declared late (more than a month after it)") String lateRegistrationReason,
        @Schema(readOnly = true, description = "Set by the registry: declared more than a month after the birth") Boolean late,
        @Schema(readOnly = true, description = "Set by the registry: name conventions the child's names break "
                + "(BIRTH_SURNAME_RUSSIFIED, BIRTH_NAME_NOT_IN_REGISTER); warnings unless configured to refuse")
        List<String> nameWarnings)
        implements ActRegistration {

    /** How the child's father is established. */
    public enum FatherBasis {
        /** The mother was married at the birth, or the marriage ended within 300 days before it. */
        PRESUMED_BY_MARRIAGE,
        /** Entered at the mother's word: recorded on the act, not a legal link. */
        MOTHER_DECLARATION,
        /** Established later by a PATERNITY act. */
        PATERNITY_ACT,
        /** Established by a court decision. */
        COURT_DECISION,
        /** The adopter is recorded as the parent (ADOPTION act). */
        ADOPTION,
        /** As the restored paper record states it. */
        PAPER_RECORD
    }

    @Override
    @JsonIgnore
    public ActType type() {
        return ActType.BIRTH;
    }

    @Override
    @JsonIgnore
    public LocalDate eventDate() {
        return child.birthDate();
    }

    @Override
    @JsonIgnore
    public String uniqueBasisDocument() {
        return medicalCertificateNumber;
    }

    @Override
    @JsonIgnore
    public List<Party> parties() {
        List<Party> parties = new ArrayList<>(List.of(new Party("CHILD", child), new Party("MOTHER", mother)));
        if (father != null) {
            parties.add(new Party("FATHER", father));
        }
        return parties;
    }

    @JsonIgnore
    public boolean bornAlive() {
        return !Boolean.FALSE.equals(liveBorn);
    }

    /** The father is a legal parent (linked in the person index), not only a name on the act. */
    @JsonIgnore
    public boolean fatherIsLegalParent() {
        return father != null && father.personId() != null && fatherBasis != FatherBasis.MOTHER_DECLARATION;
    }

    BirthRegistration with(PersonDetails newChild, PersonDetails newMother, PersonDetails newFather, FatherBasis basis,
                           Boolean isLate) {
        return new BirthRegistration(office, newChild, newMother, newFather, basis, liveBorn == null ? Boolean.TRUE : liveBorn,
                childrenBorn == null ? 1 : childrenBorn, medicalCertificateNumber, witnessStatement, courtDecision,
                lateRegistrationReason, isLate, nameWarnings);
    }

    BirthRegistration withNameWarnings(List<String> warnings) {
        return new BirthRegistration(office, child, mother, father, fatherBasis, liveBorn, childrenBorn, medicalCertificateNumber,
                witnessStatement, courtDecision, lateRegistrationReason, late, warnings.isEmpty() ? null : List.copyOf(warnings));
    }
}
