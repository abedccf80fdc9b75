package org.sabt.kubernetes;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The services' OCI images, built without a container engine: a Java runtime made by jlink from the build JDK, then
 * the Quarkus application in layers that change at different rates (runtime, dependencies, Quarkus's own files, the
 * service's code, its container settings), written as an OCI tarball with jib-core. The user is not root, the root
 * file system can be read-only (only /tmp is written), and the labels carry the version and the git commit.
 *
 * <p>{@code ./sabt images} runs it for the five services; a test builds one and reads the tarball back.
 */
public final class Images {

    /** The services and the port each listens on. */
    public static final Map<String, Integer> SERVICES = services();

    /** The modules of the runtime: the Java SE platform plus what Quarkus, Kafka's SASL, PDFBox and the locales need. */
    static final List<String> MODULES = List.of("java.se", "jdk.unsupported", "jdk.zipfs", "jdk.localedata", "jdk.charsets",
            "jdk.crypto.cryptoki", "jdk.management", "jdk.jfr", "jdk.naming.dns", "jdk.security.auth");

    static final String USER = "10001:10001";
    static final AbsoluteUnixPath APP = AbsoluteUnixPath.get("/deployments");
    static final AbsoluteUnixPath JAVA = AbsoluteUnixPath.get("/opt/java");
    /** What every container needs besides the service's own settings: bind everywhere, stop within the pod's grace. */
    static final String CONTAINER_SETTINGS = """
            # Settings of Sabt's container image (the environment and a mounted config/application.properties win)
            quarkus.http.host=0.0.0.0
            quarkus.shutdown.timeout=20s
            """;
    static final String JAVA_OPTIONS = "-XX:+UseSerialGC -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8";

    private final Path repo;
    private final Path work;
    private final String version;
    private final String commit;

    public Images(Path repo, Path work, String version, String commit) {
        this.repo = repo;
        this.work = work;
        this.version = version;
        this.commit = commit;
    }

    /** Usage: Images REPO OUTPUT_DIR VERSION COMMIT [SERVICE...] */
    public static void main(String[] args) throws Exception {
        Images images = new Images(Path.of(args[0]), Path.of(args[1]), args[2], args[3]);
        List<String> services = args.length > 4 ? List.of(args).subList(4, args.length) : List.copyOf(SERVICES.keySet());
        for (String service : services) {
            long t0 = System.nanoTime();
            Path tar = images.build(service);
            System.out.printf("%s  %s  (%d MB, %.1f s)%n", service, tar, Files.size(tar) >> 20, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Builds the service's image into WORK/SERVICE.tar; the jlink runtime is made once and kept in WORK/runtime. */
    public Path build(String service) throws IOException, InterruptedException, InvalidImageReferenceException,
            java.util.concurrent.ExecutionException, com.google.cloud.tools.jib.api.CacheDirectoryCreationException,
            com.google.cloud.tools.jib.api.RegistryException {
        Integer port = SERVICES.get(service);
        if (port == null) {
            throw new IllegalArgumentException("no service " + service);
        }
        Path app = repo.resolve(service).resolve("target/quarkus-app");
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + " has no quarkus-run.jar: build the service first (./sabt build)");
        }
        Path runtime = runtime();
        Path config = work.resolve(service + "-config/application.properties");
        Files.createDirectories(config.getParent());
        Files.writeString(config, CONTAINER_SETTINGS);

        List<FileEntriesLayer> layers = List.of(
                layer("runtime", runtime, JAVA),
                layer("dependencies", app.resolve("lib"), APP.resolve("lib")),
                FileEntriesLayer.builder().setName("quarkus").setEntries(withDirectory(app.resolve("quarkus"), APP.resolve("quarkus"),
                        List.of(entry(app.resolve("quarkus-run.jar"), APP.resolve("quarkus-run.jar")),
                                entry(app.resolve("quarkus-app-dependencies.txt"), APP.resolve("quarkus-app-dependencies.txt")))))
                        .build(),
                layer("application", app.resolve("app"), APP.resolve("app")),
                FileEntriesLayer.builder().setName("config").addEntry(entry(config, APP.resolve("config/application.properties"))).build());

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", "sabt-" + service);
        labels.put("org.opencontainers.image.description", "Sabt " + service + " (Quarkus, Java " + Runtime.version().feature() + ")");
        labels.put("org.opencontainers.image.version", version);
        labels.put("org.opencontainers.image.revision", commit);
        labels.put("org.opencontainers.image.licenses", "Apache-2.0");
        labels.put("org.opencontainers.image.vendor", "Sabt");

        Path tar = work.resolve(service + ".tar");
        Files.deleteIfExists(tar);
        JibContainer built = Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .setFileEntriesLayers(layers)
                .setEntrypoint(List.of(JAVA.resolve("bin/java").toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "-jar", APP.resolve("quarkus-run.jar").toString()))
                .setEnvironment(Map.of("JAVA_TOOL_OPTIONS", JAVA_OPTIONS, "LANG", "C.UTF-8"))
                .setExposedPorts(Set.of(Port.tcp(port)))
                .setLabels(labels)
                .setUser(USER)
                .setWorkingDirectory(APP)
                .setCreationTime(Instant.EPOCH)
                .containerize(Containerizer.to(TarImage.at(tar).named(ImageReference.parse("sabt/" + service + ":" + version)))
                        .setApplicationLayersCache(work.resolve("cache"))
                        .setBaseImageLayersCache(work.resolve("cache")));
        Files.writeString(work.resolve(service + ".digest"), built.getDigest().toString() + "\n");
        return tar;
    }

    /** The Java runtime, made by jlink from the running JDK (once per output folder). */
    Path runtime() throws IOException, InterruptedException {
        Path runtime = work.resolve("runtime");
        if (Files.isRegularFile(runtime.resolve("bin/java"))) {
            return runtime;
        }
        Files.createDirectories(work);
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        Process p = new ProcessBuilder(jlink.toString(), "--add-modules", String.join(",", MODULES), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--output", runtime.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jlink failed (" + p.exitValue() + ")");
        }
        return runtime;
    }

    private static FileEntriesLayer layer(String name, Path source, AbsoluteUnixPath target) throws IOException {
        return FileEntriesLayer.builder().setName(name).setEntries(withDirectory(source, target, List.of())).build();
    }

    /** Every file and folder under source, in a stable order, with its permissions (executables stay executable). */
    private static List<FileEntry> withDirectory(Path source, AbsoluteUnixPath target, List<FileEntry> before) throws IOException {
        List<FileEntry> entries = new ArrayList<>(before);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.sorted().toList()) {
                String relative = source.relativize(file).toString();
                entries.add(entry(file, relative.isEmpty() ? target : target.resolve(relative)));
            }
        }
        return entries;
    }

    private static FileEntry entry(Path file, AbsoluteUnixPath target) {
        try {
            Set<PosixFilePermission> posix = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            // Read for everyone (the user is not root), never writable but by root
            posix.add(PosixFilePermission.OWNER_READ);
            posix.add(PosixFilePermission.GROUP_READ);
            posix.add(PosixFilePermission.OTHERS_READ);
            posix.remove(PosixFilePermission.GROUP_WRITE);
            posix.remove(PosixFilePermission.OTHERS_WRITE);
            return new FileEntry(file, target, FilePermissions.fromPosixFilePermissions(posix), Instant.EPOCH, "0:0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Integer> services() {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("registry-service", 8081);
        services.put("application-service", 8082);
        services.put("document-service", 8083);
        services.put("notification-service", 8084);
        services.put("api-gateway", 8080);
        return services;
    }
}
