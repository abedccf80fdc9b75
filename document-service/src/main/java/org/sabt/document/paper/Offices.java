package org.sabt.document.paper;

import jakarta.enterprise.context.ApplicationScoped;
import org.sabt.chassis.reference.ReferenceData;

import java.util.Map;
import java.util.stream.Collectors;

/** The registry offices of ../shared/data/offices.csv: their names in tg, ru and en go on the paper. */
@ApplicationScoped
public class Offices {

    public record Office(String code, String nameTg, String nameRu, String nameEn) {
    }

    private final Map<String, Office> byCode = ReferenceData.rows("offices.csv").stream()
            .map(r -> new Office(r[0], r[2], r[3], r[4]))
            .collect(Collectors.toUnmodifiableMap(Office::code, o -> o));

    /** The office, or null for a code that is none. */
    public Office find(String code) {
        return code == null ? null : byCode.get(code);
    }
}
