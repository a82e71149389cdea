package io.dime.backend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the real-server tests learn that the build could not make a server: the script's
 * UNAVAILABLE marker gives the plain reason that the tests skip with (or fail with under CI=true).
 */
class RealServerAvailabilityTest {
    @TempDir
    Path runDir;

    @AfterEach
    void clearProperties() {
        System.clearProperty(RealServer.BASE_URL_PROPERTY);
        System.clearProperty(RealServer.RUN_DIR_PROPERTY);
        System.clearProperty(RealServer.SCRIPT_PROPERTY);
        System.clearProperty(RealServer.MODEL_PROPERTY);
    }

    private void buildProperties() {
        System.setProperty(RealServer.BASE_URL_PROPERTY, "http://127.0.0.1:1");
        System.setProperty(RealServer.RUN_DIR_PROPERTY, runDir.toString());
        System.setProperty(RealServer.SCRIPT_PROPERTY, "llama-server.sh");
        System.setProperty(RealServer.MODEL_PROPERTY, "tiny.gguf");
    }

    @Test
    void theMarkersReasonIsWhatTheTestsReport() throws IOException {
        buildProperties();
        Files.writeString(runDir.resolve("UNAVAILABLE"), "cmake is missing: install cmake to build llama-server\n");
        RealServer.Availability availability = RealServer.check();
        assertNull(availability.server());
        assertEquals("cmake is missing: install cmake to build llama-server", availability.reasonMissing());
    }

    @Test
    void withoutTheBuildsPropertiesTheReasonSaysHowToRunThem() {
        RealServer.Availability availability = RealServer.check();
        assertNull(availability.server());
        assertTrue(availability.reasonMissing().contains("./mvnw verify"), availability.reasonMissing());
    }

    @Test
    void withoutAMarkerTheServerIsThere() {
        buildProperties();
        RealServer.Availability availability = RealServer.check();
        assertNotNull(availability.server());
        assertEquals("http://127.0.0.1:1", availability.server().baseUrl.toString());
    }
}
