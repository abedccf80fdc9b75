package org.sabt.registry.statistics;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sabt.chassis.security.CurrentCaller;
import org.sabt.chassis.security.Roles;

import java.time.LocalDate;

@Path("/api/v1/statistics")
@Tag(name = "Statistics", description = "Aggregates of the registry for data-driven governance; never names")
@SecurityRequirement(name = "bearer")
public class StatisticsResource {

    static final String CSV = "text/csv";

    private final ActStatistics statistics;
    private final CurrentCaller caller;

    StatisticsResource(ActStatistics statistics, CurrentCaller caller) {
        this.statistics = statistics;
        this.caller = caller;
    }

    @GET
    @Path("/acts")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed({Roles.AGENCY, Roles.SUPERVISOR, Roles.BACK_OFFICE, Roles.ADMIN})
    @Operation(operationId = "actStatistics", summary = "Counts of acts, grouped", description = "For events from..to (inclusive, by event date), grouped "
            + "by any of type, office, region, month (of the event), sex and ageGroup (of the principal person: the child, "
            + "the deceased, the person renamed; 0, 1-4, 5-14, 15-17, 18-29, 30-44, 45-64, 65+): registered, amended and "
            + "annulled acts, late registrations and their share, and the median days from the event to its registration. "
            + "JSON, or CSV with Accept: text/csv. The statistics agency (role agency) gets every count under 5 withheld "
            + "(null, and named in suppressed), and with it the share and median of a group under 5 acts; staff get the "
            + "figures whole.")
    @APIResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActStatistics.Table.class)),
            @Content(mediaType = CSV, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = "GROUP_BY_INVALID, DATE_RANGE_INVALID")
    @APIResponse(responseCode = "401", description = "UNAUTHENTICATED")
    @APIResponse(responseCode = "403", description = "FORBIDDEN")
    public Response acts(@Parameter(description = "Comma-separated: type, office, region, month, sex, ageGroup",
                                 example = "type,region,month") @QueryParam("groupBy") String groupBy,
                         @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                         @QueryParam("format") String format, @jakarta.ws.rs.core.Context HttpHeaders headers) {
        boolean staff = caller.get().has(Roles.SUPERVISOR) || caller.get().has(Roles.BACK_OFFICE) || caller.get().has(Roles.ADMIN);
        ActStatistics.Table table = statistics.acts(ActStatistics.dimensions(groupBy), from, to, !staff);
        boolean csv = "csv".equals(format) || headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(MediaType.valueOf(CSV)) && !m.isWildcardType());
        if (csv) {
            return Response.ok(csv(table), CSV + "; charset=UTF-8").build();
        }
        return Response.ok(table, MediaType.APPLICATION_JSON).build();
    }

    /** The table as CSV: one column per group dimension, then the figures; a withheld figure is empty. */
    static String csv(ActStatistics.Table t) {
        StringBuilder b = new StringBuilder(String.join(",", t.groupBy()));
        b.append(t.groupBy().isEmpty() ? "" : ",")
                .append("registered,amended,annulled,late,lateShare,medianDaysToRegister,suppressed\n");
        for (ActStatistics.Row r : t.rows()) {
            for (String key : t.groupBy()) {
                b.append(cell(r.group().get(key))).append(',');
            }
            b.append(cell(r.registered())).append(',').append(cell(r.amended())).append(',').append(cell(r.annulled()))
                    .append(',').append(cell(r.late())).append(',').append(cell(r.lateShare())).append(',')
                    .append(cell(r.medianDaysToRegister())).append(',').append(String.join(" ", r.suppressed())).append('\n');
        }
        return b.toString();
    }

    private static String cell(Object o) {
        if (o == null) {
            return "";
        }
        String s = o.toString();
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

}
