package org.sabt.application.health;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.application.lifecycle.ApplicationView;
import org.sabt.application.lifecycle.ApplicationViews;
import org.sabt.chassis.http.IfMatch;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.util.UUID;

/** The mother's consent to the birth application Sabt proposed to her. */
@Path("/api/v1/applications/{id}/consent")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Applications")
@SecurityRequirement(name = "bearer")
public class ConsentResource {

    private final BirthProposals proposals;
    private final ApplicationViews views;
    private final CurrentCaller caller;

    ConsentResource(BirthProposals proposals, ApplicationViews views, CurrentCaller caller) {
        this.proposals = proposals;
        this.views = views;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CITIZEN, Roles.PORTAL})
    @Operation(operationId = "consentToProposedApplication", summary = "Complete a proposed birth application and consent (the mother)",
            description = "A live birth the health ministry notified, whose mother the registry knows, is proposed to her "
                    + "(status PROPOSED, pre-filled; proposal.presumedFather names her husband when she has one). She (or a "
                    + "portal for her, X-Citizen-Id) adds the child's name as a merge patch of the form, confirms the "
                    + "presumed father, and consents: the application is SUBMITTED and at once ACCEPTED by Sabt (the notice "
                    + "and the registry stand for the documents), with no visit; the back office reviews it with the "
                    + "medical certificate's check already passed. Declining is POST .../cancellation. Needs If-Match "
                    + "with the version read; nothing changes when anything is refused.")
    @APIResponse(responseCode = "200", description = "ACCEPTED", content = @Content(schema = @Schema(implementation = ApplicationView.class)))
    @APIResponse(responseCode = "400", description = "MALFORMED_JSON, VALIDATION_FAILED, IF_MATCH_INVALID, FORM_INVALID")
    @APIResponse(responseCode = "403", description = "FORBIDDEN, ACTION_NOT_YOURS (not the mother it was proposed to)")
    @APIResponse(responseCode = "404", description = "APPLICATION_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "CONSENT_NOT_ALLOWED_WHEN_<STATUS>")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH")
    @APIResponse(responseCode = "422", description = "PRESUMED_FATHER_NOT_CONFIRMED, PROPOSAL_FACT_CHANGED")
    @APIResponse(responseCode = "428", description = "IF_MATCH_REQUIRED")
    public RestResponse<ApplicationView> consent(@PathParam("id") UUID id, @HeaderParam(IfMatch.HEADER) String ifMatch,
                                                 @NotNull @Valid BirthProposals.Consent consent, @Context HttpHeaders headers) {
        Caller c = caller.get();
        return views.answer(proposals.consent(c, id, IfMatch.required(ifMatch), consent), c, headers);
    }
}
