package org.sabt.application.catalogue;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The registry offices of the reference data (shared/data/offices.csv, copied in at build time). */
@ApplicationScoped
public class Offices {

    public record Office(String code, String region, Names names) {
    }

    private final Map<String, Office> byCode;

    Offices() {
        try (InputStream in = Offices.class.getResourceAsStream("/reference/offices.csv")) {
            if (in == null) {
                throw new IllegalStateException("reference/offices.csv is missing from the build");
            }
            byCode = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().skip(1)
                    .filter(l -> !l.isBlank()).map(l -> l.split(",", -1))
                    .map(f -> new Office(f[0], f[1], new Names(f[2], f[3], f[4])))
                    .collect(Collectors.toUnmodifiableMap(Office::code, o -> o));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Office> find(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }
}
