package org.sabt.gateway;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * /developers: what Sabt is, how to get sandbox credentials, the token request and the first call, and links to the
 * OpenAPI document, Swagger UI and the event schemas, which it serves too (/developers/events/*.schema.json, copied
 * from docs/events at build time).
 */
@ApplicationScoped
public class DevelopersPage {

    private static final Pattern SCHEMA = Pattern.compile("[a-z-]+\\.schema\\.json");

    private final String page;
    private final Map<String, String> schemas;

    DevelopersPage(@ConfigProperty(name = "sabt.public-issuer") String issuer) {
        this.schemas = schemas();
        String events = schemas.keySet().stream().sorted().filter(name -> !name.contains("common"))
                .map(name -> "<li><a href=\"/developers/events/" + name + "\">sabt." + name.replace(".schema.json", "")
                        .replaceFirst("-", ".") + "</a></li>")
                .collect(Collectors.joining("\n      "));
        this.page = read("/developers/index.html").replace("TOKEN_URL", tokenUrl(issuer))
                .replace("EVENTS", events);
    }

    /** Where a client gets its token (OAuth 2.0 token endpoint of the realm): the page and the OpenAPI name it. */
    static String tokenUrl(String issuer) {
        return issuer + "/protocol/openid-connect/token";
    }

    void install(@Observes Router router) {
        router.get("/developers").order(-10).handler(rc -> rc.response()
                .putHeader("Content-Type", "text/html; charset=UTF-8")
                .putHeader("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
                .end(page));
        router.get("/developers/events/:file").order(-10).handler(rc -> {
            String schema = schemas.get(rc.pathParam("file"));
            if (schema == null) {
                Gateway.problem(rc, 404, "NOT_FOUND", "No event schema " + rc.pathParam("file") + ".", null);
                return;
            }
            rc.response().putHeader("Content-Type", "application/schema+json").end(schema);
        });
    }

    /** The event schemas on the class path, by file name. */
    private static Map<String, String> schemas() {
        URL dir = DevelopersPage.class.getResource("/developers/events");
        if (dir == null) {
            return Map.of();
        }
        try {
            if (dir.getProtocol().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(dir.toURI(), Map.of())) {
                    return list(jar.getPath("/developers/events"));
                }
            }
            return list(Path.of(dir.toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the event schemas", e);
        }
    }

    private static Map<String, String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(f -> SCHEMA.matcher(f.getFileName().toString()).matches()).toList();
            Map<String, String> found = new TreeMap<>();
            for (Path f : all) {
                found.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
            return found;
        }
    }

    private static String read(String resource) {
        try (InputStream in = DevelopersPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
