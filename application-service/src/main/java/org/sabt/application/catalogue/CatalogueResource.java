package org.sabt.application.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.chassis.problem.ProblemException;
import org.sabt.chassis.problem.ProblemMessages;

import java.util.List;
import java.util.Locale;
import java.util.Set;

@Path("/api/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Services", description = "One window: the service catalogue (forms, documents, fees, deadlines)")
@SecurityRequirement(name = "bearer")
public class CatalogueResource {

    /** A service as a portal needs it to build its form and tell the applicant what to bring and pay. */
    @Schema(name = "Service")
    public record ServiceView(ServiceCode code,
                              @Schema(description = "In the caller's Accept-Language (tg, ru, en)") String name, Names names,
                              @Schema(description = "JSON Schema (2020-12) of the form, self-contained", type = SchemaType.OBJECT, implementation = Object.class) JsonNode form,
                              List<DocumentView> documents,
                              @Schema(description = "Fee in minor units of the currency (0: free)", example = "5000") long feeMinorUnits,
                              @Schema(example = "TJS") String currency,
                              @Schema(description = "Applicant categories that owe no fee (none for a free service): "
                                      + "claim one with feeExemption when applying") List<ExemptionView> feeExemptions,
                              @Schema(description = "Working days from acceptance (0: the same working day)") int deadlineWorkingDays,
                              Set<Applicant> applicants, List<CheckView> checks) {
    }

    /** An applicant category that owes no fee. */
    @Schema(name = "FeeExemption")
    public record ExemptionView(@Schema(example = "WAR_VETERAN") String code, String name) {
    }

    /** A document of the checklist. */
    @Schema(name = "ServiceDocument")
    public record DocumentView(String code, String name, boolean required) {
    }

    /** A check the review runs, and who answers it (registry, or an agency's role). */
    @Schema(name = "ServiceCheck")
    public record CheckView(String code, String name, @Schema(example = "registry") String answeredBy) {
    }

    private final Catalogue catalogue;

    CatalogueResource(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @Authenticated
    @Operation(operationId = "listServices", summary = "The services of the one window",
            description = "Every service with its names, the JSON Schema of its form, the documents to bring, the fee, "
                    + "the deadline in working days and who may apply. Any signed-in caller.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ServiceView.class)))
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    public List<ServiceView> list(@Context HttpHeaders headers) {
        Locale locale = ProblemMessages.pick(headers.getAcceptableLanguages());
        return catalogue.services().stream().map(s -> view(s, locale)).toList();
    }

    @GET
    @Path("/{code}")
    @Authenticated
    @Operation(operationId = "getService", summary = "One service of the one window")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ServiceView.class)))
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    @APIResponse(responseCode = "404", description = "SERVICE_NOT_FOUND")
    public ServiceView get(@PathParam("code") String code, @Context HttpHeaders headers) {
        ServiceCode service;
        try {
            service = ServiceCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("SERVICE_NOT_FOUND", code.length() > 40 ? code.substring(0, 40) : code);
        }
        return view(catalogue.service(service), ProblemMessages.pick(headers.getAcceptableLanguages()));
    }

    private ServiceView view(ServiceDefinition s, Locale locale) {
        return new ServiceView(s.code(), s.names().in(locale), s.names(), catalogue.formSchema(s.code()),
                s.documents().stream().map(d -> new DocumentView(d.code(), d.names().in(locale), d.required())).toList(),
                s.feeMinorUnits(), catalogue.currency(), s.feeMinorUnits() == 0 ? List.of() : catalogue.feeExemptions().stream()
                        .map(e -> new ExemptionView(e.code(), e.names().in(locale))).toList(),
                s.deadlineWorkingDays(), s.applicants(),
                s.checks().stream().map(c -> new CheckView(c.code(), c.names().in(locale), c.answeredBy())).toList());
    }
}
