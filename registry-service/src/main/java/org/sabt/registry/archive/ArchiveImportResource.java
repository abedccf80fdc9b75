package org.sabt.registry.archive;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.paging.Page;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.io.InputStream;
import java.net.URI;
import java.util.UUID;

@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Archive imports", description = "Old paper records of any act type, in bulk")
@SecurityRequirement(name = "bearer")
public class ArchiveImportResource {

    static final String CSV = "text/csv";
    static final String JSON_LINES = "application/jsonl";
    static final String NDJSON = "application/x-ndjson";

    private final ArchiveImports imports;
    private final CurrentCaller caller;

    ArchiveImportResource(ArchiveImports imports, CurrentCaller caller) {
        this.imports = imports;
        this.caller = caller;
    }

    @POST
    @Consumes({CSV, JSON_LINES, NDJSON})
    @RolesAllowed(Roles.ARCHIVIST)
    @Operation(operationId = "startImport", summary = "Import paper records", description = "The file is streamed: JSON Lines (one Restoration per line, "
            + "as POST /api/v1/acts/restorations takes it) or CSV whose header names each column by its path in a "
            + "Restoration (paperRegistrationNumber, registrationDate, act.type, act.office, act.child.surname, "
            + "act.mother.nationalId, …). The lines are staged at once (COPY) and answered 202; they are then worked off "
            + "in the background, each as a restoration with the same rules: persons matched by national id and by the "
            + "duplicate matcher, the paper number and date kept. See GET /api/v1/imports/{id} for the outcome of every "
            + "line: IMPORTED, MATCHED (a person was found in the index), HELD (potential duplicate, with its review), "
            + "ALREADY_IMPORTED (the office has that paper number: a line imported twice is not duplicated) or REFUSED "
            + "with the code. An import resumes after a crash where it stopped.")
    @RequestBody(content = {@Content(mediaType = JSON_LINES, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    example = "{\"paperRegistrationNumber\": \"Д-1987-0412\", \"registrationDate\": \"1987-05-02\", \"act\": "
                            + "{\"type\": \"BIRTH\", \"office\": \"KHT02\", \"child\": {\"surname\": \"Назаров\", "
                            + "\"givenName\": \"Фаррух\", \"sex\": \"MALE\", \"birthDate\": \"1987-04-28\"}}}")),
            @Content(mediaType = CSV, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    example = "paperRegistrationNumber,registrationDate,act.type,act.office,act.child.surname,act.child.givenName,"
                            + "act.child.sex,act.child.birthDate\nД-1987-0412,1987-05-02,BIRTH,KHT02,Назаров,Фаррух,MALE,1987-04-28"))})
    @APIResponse(responseCode = "202", description = "Staged; the lines are being worked off",
            content = @Content(schema = @Schema(implementation = ArchiveImports.View.class)))
    @APIResponse(responseCode = "400", description = "IMPORT_EMPTY, CHARSET_UNSUPPORTED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    @APIResponse(responseCode = "415", description = "UNSUPPORTED_MEDIA_TYPE")
    public RestResponse<ArchiveImports.View> start(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type) {
        ArchiveImports.Format format = type != null && type.startsWith(CSV) ? ArchiveImports.Format.CSV
                : ArchiveImports.Format.JSON_LINES;
        java.nio.charset.Charset charset;
        try {
            String name = type == null ? null : MediaType.valueOf(type).getParameters().get("charset");
            charset = name == null ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw org.sabt.chassis.problem.ProblemException.badRequest("CHARSET_UNSUPPORTED");
        }
        ArchiveImports.View view = imports.start(caller.get(), format, body, charset);
        return RestResponse.ResponseBuilder.<ArchiveImports.View>accepted().entity(view)
                .location(URI.create("/api/v1/imports/" + view.id())).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ARCHIVIST, Roles.SUPERVISOR})
    @Operation(operationId = "getImport", summary = "An import's progress", description = "RUNNING or DONE, and how many lines had each outcome.")
    @APIResponse(responseCode = "200", description = "The import")
    @APIResponse(responseCode = "404", description = "IMPORT_NOT_FOUND")
    public ArchiveImports.View get(@PathParam("id") UUID id) {
        return imports.view(id);
    }

    @GET
    @Path("/{id}/lines")
    @RolesAllowed({Roles.ARCHIVIST, Roles.SUPERVISOR})
    @Operation(operationId = "listImportLines", summary = "What the import did with each line", description = "In line order, keyset-paged; outcome= shows "
            + "one outcome only (e.g. REFUSED, with the code and detail).")
    @APIResponse(responseCode = "200", description = "A page of lines")
    @APIResponse(responseCode = "400", description = "CURSOR_INVALID, LIMIT_INVALID")
    @APIResponse(responseCode = "404", description = "IMPORT_NOT_FOUND")
    public Page<ArchiveImports.Line> lines(@PathParam("id") UUID id, @QueryParam("outcome") ArchiveImports.Outcome outcome,
                                           @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return imports.lines(id, outcome, cursor, Page.limit(limit));
    }
}
