package org.sabt.gateway;

import io.vertx.core.http.HttpMethod;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An operation being retired (configuration {@code sabt.gateway.deprecations."GET /api/v1/…/{id}"}): its method, its
 * path as the OpenAPI writes it and as a pattern ({param} any one segment), since when and until when.
 */
record Retiring(HttpMethod method, String template, Pattern path, LocalDate since, LocalDate sunset, Optional<String> link) {

    static List<Retiring> all(GatewayConfig config) {
        return config.deprecations().entrySet().stream().map(e -> of(e.getKey(), e.getValue())).toList();
    }

    private static Retiring of(String operation, GatewayConfig.Deprecation d) {
        String[] parts = operation.trim().split("\\s+", 2);
        String regex = Arrays.stream(parts[1].split("/", -1))
                .map(segment -> segment.startsWith("{") && segment.endsWith("}") ? "[^/]+" : Pattern.quote(segment))
                .collect(Collectors.joining("/"));
        return new Retiring(HttpMethod.valueOf(parts[0].toUpperCase(Locale.ROOT)), parts[1], Pattern.compile(regex),
                d.since(), d.sunset(), d.link());
    }
}
