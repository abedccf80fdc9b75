package org.sabt.application.catalogue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The country's service catalogue: the ten services with their names, forms, document checklists, fees, deadlines,
 * who may apply and the checks of their review; the reasons an application may be rejected; the working-day
 * calendar. All of it is one file per country, so a second country changes a file, not code.
 */
@ApplicationScoped
public class Catalogue {

    static final String FORMS = "/forms/forms.schema.json";
    static final String SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

    /** A reason the back office may give for a rejection. */
    public record RejectionReason(String code, Names names) {
    }

    record Calendar(ZoneId timeZone, Set<DayOfWeek> weekends, Set<LocalDate> holidays) {
    }

    /** An applicant category that owes no fee (the registrar sees its proof at the counter). */
    public record FeeExemption(String code, Names names) {
    }

    record CountryFile(String country, String currency, int currencyMinorUnits, Calendar calendar,
                       List<FeeExemption> feeExemptions, List<RejectionReason> rejectionReasons,
                       List<ServiceDefinition> services) {
    }

    private final CountryFile country;
    private final Map<ServiceCode, ServiceDefinition> services = new EnumMap<>(ServiceCode.class);
    private final Map<ServiceCode, JsonNode> formSchemas = new EnumMap<>(ServiceCode.class);
    private final WorkingCalendar calendar;

    Catalogue(OneWindowConfig config, ObjectMapper json) {
        ObjectMapper strict = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        JsonNode forms;
        try (InputStream formsIn = resource(FORMS); InputStream countryIn = config.countryFile().isPresent()
                ? Files.newInputStream(Path.of(config.countryFile().get()))
                : resource("/countries/" + config.country() + ".json")) {
            forms = json.readTree(formsIn);
            country = strict.readValue(countryIn, CountryFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalogue of " + config.country() + ": " + e.getMessage(), e);
        }
        for (ServiceDefinition s : country.services()) {
            if (services.put(s.code(), s) != null) {
                throw new IllegalStateException("the catalogue names " + s.code() + " twice");
            }
            JsonNode definition = forms.path("$defs").path(s.form());
            if (definition.isMissingNode()) {
                throw new IllegalStateException(s.code() + ": no form '" + s.form() + "' in docs/forms");
            }
            formSchemas.put(s.code(), selfContained(forms, s));
        }
        for (ServiceCode code : ServiceCode.values()) {
            if (!services.containsKey(code)) {
                throw new IllegalStateException("the catalogue of " + country.country() + " lacks " + code);
            }
        }
        calendar = new WorkingCalendar(country.calendar().timeZone(), Set.copyOf(country.calendar().weekends()),
                Set.copyOf(country.calendar().holidays()));
    }

    /** A service's form as one schema a portal can use as it is: the form's definition and everything it refers to. */
    private static JsonNode selfContained(JsonNode forms, ServiceDefinition s) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("$schema", SCHEMA_DIALECT);
        schema.put("$id", "https://sabt.tj/forms/" + s.code().name().toLowerCase().replace('_', '-') + ".schema.json");
        schema.put("title", s.names().en());
        schema.put("$ref", "#/$defs/" + s.form());
        schema.set("$defs", forms.path("$defs").deepCopy());
        return schema;
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = Catalogue.class.getResourceAsStream(path);
        if (in == null) {
            throw new IOException(path + " is missing from the build");
        }
        return in;
    }

    public List<ServiceDefinition> services() {
        return List.copyOf(services.values());
    }

    public ServiceDefinition service(ServiceCode code) {
        return services.get(code);
    }

    public JsonNode formSchema(ServiceCode code) {
        return formSchemas.get(code);
    }

    public WorkingCalendar calendar() {
        return calendar;
    }

    public String country() {
        return country.country();
    }

    public String currency() {
        return country.currency();
    }

    public List<RejectionReason> rejectionReasons() {
        return country.rejectionReasons();
    }

    public List<FeeExemption> feeExemptions() {
        return country.feeExemptions() == null ? List.of() : country.feeExemptions();
    }

    public Optional<FeeExemption> feeExemption(String code) {
        return feeExemptions().stream().filter(e -> e.code().equals(code)).findFirst();
    }

    public Optional<RejectionReason> rejectionReason(String code) {
        return country.rejectionReasons().stream().filter(r -> r.code().equals(code)).findFirst();
    }
}
