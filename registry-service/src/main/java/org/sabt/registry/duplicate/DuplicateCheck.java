package org.sabt.registry.duplicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.registry.act.ActRegistration;
import org.sabt.registry.act.BirthRegistration;
import org.sabt.registry.act.DeathRegistration;
import org.sabt.registry.act.PersonDetails;
import org.sabt.registry.act.Sex;
import org.sabt.registry.person.Person;
import org.sabt.registry.person.PersonLink;
import org.sabt.registry.search.PersonMatch;
import org.sabt.registry.search.PersonSearch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Compares a registration with the registry before it is written (DOMAIN.md "Duplicates"): a person entered anew
 * against everyone in the index; a birth against the births already registered (the child's names and birth date, and
 * the mother); a death against other entries of the same person who are already dead. A match at or above the
 * threshold holds the registration for the back office (409 POTENTIAL_DUPLICATE), unless they have already decided
 * about this very registration. The same basis document stays a hard refusal (the registration rules).
 */
@ApplicationScoped
public class DuplicateCheck {

    /** A record the registration may duplicate, how well it matched, and field by field why. */
    @Schema(name = "DuplicateCandidate")
    public record Candidate(@Schema(example = "BIRTH") Kind kind, UUID personId,
                            @Schema(description = "The act of a BIRTH or DEATH candidate") UUID actId,
                            @Schema(example = "Раҳимзода Мадина Рустамовна") String fullName, LocalDate birthDate,
                            @Schema(description = "The person of the registration it matched, as stated") String stated,
                            @Schema(example = "21.5") double score, List<PersonMatch.Agreement> fields) {
    }

    public enum Kind { PERSON, BIRTH, DEATH }

    /** What the check found for one registration. */
    public record Held(UUID reviewId, List<Candidate> candidates) {
    }

    private final PersonSearch search;
    private final DuplicateReviews reviews;
    private final DuplicateConfig config;
    private final ObjectMapper json;
    /** What the check costs a registration (the benchmark reads it beside the registration's own latency). */
    private final Timer cost;

    DuplicateCheck(PersonSearch search, DuplicateReviews reviews, DuplicateConfig config, ObjectMapper json,
                   MeterRegistry meters) {
        this.search = search;
        this.reviews = reviews;
        this.config = config;
        this.json = json;
        this.cost = Timer.builder("sabt.duplicate.check").description("Time the duplicate check adds to a registration")
                .publishPercentiles(0.5, 0.95, 0.99).register(meters);
    }

    /** A registration about to be made: whether to compare it, after the back office's decision if there is one. */
    public Screening screen(ActRegistration request) {
        String fingerprint = fingerprint(request);
        Optional<DuplicateReview> decided = DuplicateReview.decided(fingerprint);
        if (decided.isPresent() && decided.get().status == DuplicateReview.Status.DUPLICATE) {
            throw ProblemException.unprocessable("REGISTRATION_IS_DUPLICATE", decided.get().duplicateOf);
        }
        return new Screening(fingerprint, config.enabled() && decided.isEmpty(), decided.map(r -> r.id).orElse(null));
    }

    /** One registration's screening: compare it or not, and what was found while its persons were resolved. */
    public final class Screening {
        private final String fingerprint;
        private final boolean compare;
        private final UUID clearedBy;
        private final List<Candidate> found = new ArrayList<>();
        private long nanos;

        Screening(String fingerprint, boolean compare, UUID clearedBy) {
            this.fingerprint = fingerprint;
            this.compare = compare;
            this.clearedBy = clearedBy;
        }

        /** The review whose NOT_DUPLICATE decision lets this registration through, or null. */
        public UUID clearedBy() {
            return clearedBy;
        }

        /** Someone about to be entered anew: whoever in the index they may already be. */
        public void newcomer(PersonDetails stated) {
            if (!compare) {
                return;
            }
            long start = System.nanoTime();
            compareNewcomer(stated);
            nanos += System.nanoTime() - start;
        }

        private void compareNewcomer(PersonDetails stated) {
            List<PersonSearch.Candidate> candidates = search.candidates(stated, config.threshold());
            Map<UUID, Person.Snapshot> persons = candidates.isEmpty() ? Map.of()
                    : Person.snapshots(candidates.stream().map(PersonSearch.Candidate::personId).toList());
            for (PersonSearch.Candidate c : candidates) {
                PersonDetails p = persons.get(c.personId()).details();
                found.add(new Candidate(Kind.PERSON, p.personId(), null, p.fullName(), p.birthDate(), stated.fullName(),
                        c.score().total(), c.score().fields()));
            }
        }

        /** The registration with its persons resolved: the births and deaths it may repeat. */
        public void registration(ActRegistration resolved) {
            if (!compare) {
                return;
            }
            long start = System.nanoTime();
            switch (resolved) {
                case BirthRegistration b when b.bornAlive() -> births(b);
                case DeathRegistration d -> deaths(d);
                default -> {
                }
            }
            nanos += System.nanoTime() - start;
        }

        /** 409 POTENTIAL_DUPLICATE with the candidates, the registration kept for review; or nothing found. */
        public void holdIfFound(Caller caller, ActRegistration request) {
            if (compare) {
                cost.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            if (found.isEmpty()) {
                return;
            }
            List<Candidate> best = found.stream()
                    .sorted(java.util.Comparator.comparingDouble(Candidate::score).reversed()).limit(10).toList();
            UUID review = reviews.hold(caller, fingerprint, request, best);
            throw ProblemException.withDetails(409, "POTENTIAL_DUPLICATE", new Held(review, best), review);
        }

        private void births(BirthRegistration b) {
            PersonDetails child = b.child();
            if (child.birthDate() == null) {
                return;
            }
            // The child alone reaches at most names and date; the mother then decides.
            double bar = config.threshold() - PersonMatch.MOTHER_WEIGHT;
            List<PersonSearch.Candidate> candidates = search.candidates(child, bar);
            if (candidates.isEmpty()) {
                return;
            }
            Map<UUID, Person.Snapshot> others = Person.snapshots(candidates.stream().map(PersonSearch.Candidate::personId).toList());
            Map<UUID, PersonDetails> mothers = mothersOf(others.keySet());
            for (PersonSearch.Candidate c : candidates) {
                Person.Snapshot other = others.get(c.personId());
                if (other == null || other.birthActId() == null) {
                    continue;
                }
                PersonDetails otherMother = mothers.get(c.personId());
                PersonMatch.Score score = PersonMatch.compareBirths(child, b.mother(), other.details(), otherMother);
                if (score.atLeast(config.threshold())) {
                    found.add(new Candidate(Kind.BIRTH, c.personId(), other.birthActId(), other.details().fullName(),
                            other.details().birthDate(), child.fullName(), score.total(), score.fields()));
                }
            }
        }

        private void deaths(DeathRegistration d) {
            PersonDetails deceased = d.deceased();
            if (deceased.personId() == null) {
                compareNewcomer(deceased);
                return;
            }
            List<PersonSearch.Candidate> candidates = search.candidates(deceased, config.threshold());
            Map<UUID, Person.Snapshot> others = candidates.isEmpty() ? Map.of()
                    : Person.snapshots(candidates.stream().map(PersonSearch.Candidate::personId).toList());
            for (PersonSearch.Candidate c : candidates) {
                Person.Snapshot other = others.get(c.personId());
                if (!c.personId().equals(deceased.personId()) && other.status() == Person.Status.DECEASED) {
                    found.add(new Candidate(Kind.DEATH, c.personId(), null, other.details().fullName(),
                            other.details().birthDate(), deceased.fullName(), c.score().total(), c.score().fields()));
                }
            }
        }
    }

    /** Each child's mother (the female parent by birth), read in two queries for all of them. */
    @SuppressWarnings("unchecked")
    private static Map<UUID, PersonDetails> mothersOf(java.util.Collection<UUID> children) {
        // The children as one array parameter: a list of hundreds of parameters turned, once the plan was generic, into
        // a scan of every link comparing each with each id (hundreds of ms per birth in the soak).
        List<Object[]> links = io.quarkus.hibernate.orm.panache.Panache.getEntityManager().createNativeQuery("""
                        SELECT l.person_id, l.related_id FROM person_link l
                        WHERE l.person_id = ANY(CAST(?1 AS uuid[])) AND l.kind = ?2""")
                .setParameter(1, children.toArray(UUID[]::new)).setParameter(2, PersonLink.Kind.PARENT.name())
                .getResultList();
        Map<UUID, Person.Snapshot> parents = links.isEmpty() ? Map.of() : Person.snapshots(links.stream().map(l -> (UUID) l[1]).toList());
        Map<UUID, PersonDetails> mothers = new java.util.HashMap<>();
        for (Object[] l : links) {
            Person.Snapshot parent = parents.get((UUID) l[1]);
            if (parent != null && parent.details().sex() == Sex.FEMALE) {
                mothers.putIfAbsent((UUID) l[0], parent.details());
            }
        }
        return mothers;
    }

    /** The registration as sent, hashed: the same registration sent again finds the decision about it. */
    String fingerprint(ActRegistration request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
