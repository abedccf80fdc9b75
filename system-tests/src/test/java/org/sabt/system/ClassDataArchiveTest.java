package org.sabt.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's class-data archives (README "The services' JVM options"): a service that stops leaves its archive
 * behind, the next start maps it, and an archive older than the service's build is not used but written anew.
 */
@ExtendWith(SystemStack.class)
class ClassDataArchiveTest {

    private static final String SERVICE = "api-gateway";

    @Test
    void a_stopped_service_leaves_its_archive_and_the_next_start_maps_it() throws Exception {
        Path archive = SystemStack.config().classDataArchive(SERVICE);
        Path jar = SystemStack.config().repo().resolve(SERVICE).resolve("target/quarkus-app/quarkus-run.jar");

        SystemStack.launcher().stopService(SERVICE);
        SystemStack.launcher().startService(SERVICE);
        assertThat(archive).exists();
        assertThat(mapped(archive)).as("the restarted service maps its archive").isTrue();

        // A rebuilt service: the archive is older than the jar, so it is dropped and written again when it stops.
        Files.setLastModifiedTime(archive, FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() - 60_000));
        SystemStack.launcher().stopService(SERVICE);
        SystemStack.launcher().startService(SERVICE);
        assertThat(mapped(archive)).as("a stale archive is not mapped").isFalse();
        SystemStack.launcher().stopService(SERVICE);
        SystemStack.launcher().startService(SERVICE);
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jar));
        assertThat(mapped(archive)).as("the archive written anew is mapped").isTrue();
        given().get(SystemStack.config().gatewayUrl() + "/q/health/ready").then().statusCode(200);
    }

    private static boolean mapped(Path archive) throws Exception {
        String pid = Files.readString(SystemStack.config().pids().resolve(SERVICE + ".pid")).trim();
        return Files.readString(Path.of("/proc", pid, "maps")).contains(archive.toAbsolutePath().toString());
    }
}
