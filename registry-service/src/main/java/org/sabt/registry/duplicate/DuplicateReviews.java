package org.sabt.registry.duplicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.security.Caller;
import org.sabt.registry.act.ActRegistration;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** The back office's queue of registrations held as potential duplicates, and their decisions. */
@ApplicationScoped
public class DuplicateReviews {

    /** The back office's decision: not a duplicate (the registration may be sent again and goes ahead) or one. */
    @Schema(name = "DuplicateDecision")
    public record Decision(@NotNull DuplicateReview.Status decision,
                           @NotBlank @Size(max = 500) @Schema(example = "Different mothers: checked the passports") String reason,
                           @Size(max = 100) @Schema(description = "DUPLICATE: the existing record (a candidate's personId or "
                                   + "actId); the best candidate when absent") String duplicateOf) {
    }

    /** A held registration as the back office sees it. */
    @Schema(name = "DuplicateReview")
    public record View(UUID id, DuplicateReview.Status status, @Schema(example = "KHT02") String office,
                       @Schema(example = "BIRTH") String actType,
                       @Schema(type = SchemaType.OBJECT, implementation = Object.class,
                               description = "The registration held, as it was sent") JsonNode registration,
                       @Schema(type = SchemaType.ARRAY, implementation = Object.class,
                               description = "The records it may duplicate, best first, with the matcher's score and each "
                               + "field's agreement") JsonNode candidates,
                       String requestedBy, Instant requestedAt, String decidedBy, Instant decidedAt, String reason,
                       String duplicateOf) {

        static View of(DuplicateReview r) {
            return new View(r.id, r.status, r.office, r.actType, r.registration, r.candidates, r.requestedBy, r.requestedAt,
                    r.decidedBy, r.decidedAt, r.reason, r.duplicateOf);
        }
    }

    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;

    DuplicateReviews(AuditLog audit, ObjectMapper json, Clock clock) {
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Keeps the registration for review, whatever happens to the transaction that found it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public UUID hold(Caller caller, String fingerprint, ActRegistration registration, List<DuplicateCheck.Candidate> found) {
        DuplicateReview review = DuplicateReview.pending(fingerprint).orElseGet(() -> {
            DuplicateReview r = new DuplicateReview();
            r.id = UUID.randomUUID();
            r.fingerprint = fingerprint;
            r.office = registration.office();
            r.actType = registration.type().name();
            r.status = DuplicateReview.Status.PENDING;
            r.requestedBy = caller.username();
            r.requestedAt = now();
            r.registration = json.valueToTree(registration);
            r.candidates = json.valueToTree(found);
            r.persist();
            return r;
        });
        review.candidates = json.valueToTree(found);
        return review.id;
    }

    @Transactional
    public View decide(Caller caller, UUID id, Decision decision) {
        DuplicateReview review = DuplicateReview.<DuplicateReview>findByIdOptional(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("DUPLICATE_REVIEW_NOT_FOUND", id));
        if (!caller.mayActIn(review.office)) {
            // As for reading it: another office's review is not shown at all.
            throw ProblemException.notFound("DUPLICATE_REVIEW_NOT_FOUND", id);
        }
        if (review.status != DuplicateReview.Status.PENDING) {
            throw ProblemException.conflict("DUPLICATE_REVIEW_DECIDED", review.status);
        }
        if (decision.decision() == DuplicateReview.Status.PENDING) {
            throw ProblemException.badRequest("DUPLICATE_DECISION_INVALID");
        }
        if (decision.decision() == DuplicateReview.Status.DUPLICATE) {
            List<String> records = review.candidates.findValues("personId").stream().map(JsonNode::asText).toList();
            List<String> acts = review.candidates.findValues("actId").stream().filter(n -> !n.isNull()).map(JsonNode::asText).toList();
            String pointed = decision.duplicateOf() != null ? decision.duplicateOf() : records.get(0);
            if (!records.contains(pointed) && !acts.contains(pointed)) {
                throw ProblemException.unprocessable("DUPLICATE_OF_NOT_A_CANDIDATE", pointed);
            }
            review.duplicateOf = pointed;
        }
        review.status = decision.decision();
        review.reason = decision.reason();
        review.decidedBy = caller.username();
        review.decidedAt = now();
        audit.append(caller, new AuditLog.Entry("DECIDE_" + decision.decision(), "DUPLICATE_REVIEW", id.toString(),
                decision.reason()));
        return View.of(review);
    }

    @Transactional
    public View get(Caller caller, UUID id) {
        DuplicateReview review = DuplicateReview.<DuplicateReview>findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("DUPLICATE_REVIEW_NOT_FOUND", id));
        if (!caller.mayActIn(review.office)) {
            throw ProblemException.notFound("DUPLICATE_REVIEW_NOT_FOUND", id);
        }
        return View.of(review);
    }

    /** The reviews of an office (the caller's own unless national), oldest first, PENDING unless asked otherwise. */
    @Transactional
    public Page<View> list(Caller caller, String office, DuplicateReview.Status status, String cursor, int limit) {
        String where = office != null ? office : caller.office();
        if (where == null || (!Caller.ALL_OFFICES.equals(where) && !caller.mayActIn(where))) {
            throw ProblemException.forbidden("OFFICE_NOT_ALLOWED", where);
        }
        Page.Cursor after = Page.Cursor.decode(cursor);
        StringBuilder q = new StringBuilder("status = :status");
        var params = io.quarkus.panache.common.Parameters.with("status", status == null ? DuplicateReview.Status.PENDING : status);
        if (!Caller.ALL_OFFICES.equals(where)) {
            q.append(" and office = :office");
            params.and("office", where);
        }
        if (after != null) {
            q.append(" and (requestedAt > :at or (requestedAt = :at and id > :id))");
            params.and("at", after.at()).and("id", after.id());
        }
        q.append(" order by requestedAt, id");
        List<DuplicateReview> rows = DuplicateReview.<DuplicateReview>find(q.toString(), params).page(0, limit + 1).list();
        return Page.of(rows, limit, View::of, r -> new Page.Cursor(r.requestedAt, r.id));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
