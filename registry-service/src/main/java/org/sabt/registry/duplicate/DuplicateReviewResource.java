package org.sabt.registry.duplicate;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.util.UUID;

@Path("/api/v1/duplicate-reviews")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Duplicate reviews", description = "Registrations held as potential duplicates, for the back office to decide")
@SecurityRequirement(name = "bearer")
public class DuplicateReviewResource {

    private final DuplicateReviews reviews;
    private final CurrentCaller caller;

    DuplicateReviewResource(DuplicateReviews reviews, CurrentCaller caller) {
        this.reviews = reviews;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "listDuplicateReviews", summary = "The held registrations of an office", description = "Oldest first, keyset-paged; PENDING unless "
            + "status= says otherwise; the caller's own office unless national staff name one.")
    @APIResponse(responseCode = "200", description = "A page of reviews")
    @APIResponse(responseCode = "400", description = "CURSOR_INVALID, LIMIT_INVALID")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, OFFICE_NOT_ALLOWED")
    public Page<DuplicateReviews.View> list(@QueryParam("office") String office,
                                            @QueryParam("status") DuplicateReview.Status status,
                                            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return reviews.list(caller.get(), office, status, cursor, Page.limit(limit));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.BACK_OFFICE, Roles.SUPERVISOR, Roles.REGISTRAR})
    @Operation(operationId = "getDuplicateReview", summary = "One held registration", description = "The registration as sent, its candidates with their "
            + "scores and field agreements, and the decision once made. Staff of the review's office only.")
    @APIResponse(responseCode = "200", description = "The review")
    @APIResponse(responseCode = "404", description = "DUPLICATE_REVIEW_NOT_FOUND")
    public DuplicateReviews.View get(@PathParam("id") UUID id) {
        return reviews.get(caller.get(), id);
    }

    @POST
    @Path("/{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.BACK_OFFICE, Roles.SUPERVISOR})
    @Operation(operationId = "decideDuplicateReview", summary = "Decide a held registration", description = "NOT_DUPLICATE: the same registration sent again "
            + "goes ahead (the act records nothing of the review; the decision, who made it and why are audited). "
            + "DUPLICATE: the same registration sent again is refused with 422 REGISTRATION_IS_DUPLICATE naming the "
            + "existing record (duplicateOf, one of the candidates).")
    @APIResponse(responseCode = "200", description = "The decided review")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED, DUPLICATE_DECISION_INVALID")
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    @APIResponse(responseCode = "404", description = "DUPLICATE_REVIEW_NOT_FOUND (also for another office's review)")
    @APIResponse(responseCode = "409", description = "DUPLICATE_REVIEW_DECIDED")
    @APIResponse(responseCode = "422", description = "DUPLICATE_OF_NOT_A_CANDIDATE")
    public DuplicateReviews.View decide(@PathParam("id") UUID id, @NotNull @Valid DuplicateReviews.Decision decision) {
        return reviews.decide(caller.get(), id, decision);
    }
}
