package org.sabt.application.catalogue;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/** One service as a country configures it (countries/&lt;code&gt;.json). */
public record ServiceDefinition(ServiceCode code, Names names, String form, long feeMinorUnits, int deadlineWorkingDays,
                                Set<Applicant> applicants, List<DocumentDefinition> documents, List<CheckDefinition> checks) {

    /** A document of the checklist the front office ticks off. */
    public record DocumentDefinition(String code, Names names, boolean required) {
    }

    /**
     * An inter-agency check that runs when review starts. {@code answeredBy} is {@code registry} (answered by
     * registry-service: every rule in {@code rules} passes, every role in {@code persons} is known, or, with
     * {@code act}, the act named by registration number exists and is in force) or the role of the agency that
     * answers it through the API. {@code when} is a JSON pointer into the form: the check applies only when it is
     * there. {@code shows} are the pointers of the form an agency sees, nothing more.
     */
    public record CheckDefinition(String code, Names names, String answeredBy, List<String> rules, List<String> persons,
                                  boolean act, String when, List<String> shows) {

        public static final String REGISTRY = "registry";

        public boolean answeredByRegistry() {
            return REGISTRY.equals(answeredBy);
        }

        public boolean appliesTo(JsonNode form) {
            if (when == null) {
                return true;
            }
            JsonNode value = form.at(when);
            return !value.isMissingNode() && !value.isNull();
        }

        public List<String> rules() {
            return rules == null ? List.of() : rules;
        }

        public List<String> persons() {
            return persons == null ? List.of() : persons;
        }

        public List<String> shows() {
            return shows == null ? List.of() : shows;
        }
    }

    public boolean requiredDocument(String documentCode) {
        return documents.stream().anyMatch(d -> d.code().equals(documentCode) && d.required());
    }
}
