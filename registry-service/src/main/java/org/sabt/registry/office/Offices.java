package org.sabt.registry.office;

import jakarta.enterprise.context.ApplicationScoped;
import org.sabt.chassis.reference.ReferenceData;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The registry offices of the reference data (shared/data/offices.csv, copied in at build time). */
@ApplicationScoped
public class Offices {

    public record Office(String code, String region, String nameTg, String nameRu, String nameEn) {
    }

    private final Map<String, Office> byCode;

    Offices() {
        byCode = ReferenceData.rows("offices.csv").stream().map(f -> new Office(f[0], f[1], f[2], f[3], f[4]))
                .collect(Collectors.toUnmodifiableMap(Office::code, o -> o));
    }

    public Optional<Office> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }
}
