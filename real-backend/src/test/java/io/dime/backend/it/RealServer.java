package io.dime.backend.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where the build's llama-server is, from the system properties the failsafe plugin sets:
 * {@value #BASE_URL_PROPERTY}, {@value #RUN_DIR_PROPERTY}, {@value #SCRIPT_PROPERTY} and
 * {@value #MODEL_PROPERTY}.
 *
 * <p>When the server could not be built (the script leaves an {@code UNAVAILABLE} file with the
 * reason), tests are skipped with that reason on a developer's machine and fail with it under
 * {@code CI=true}, so CI never passes by skipping.
 */
public final class RealServer {

    static final String BASE_URL_PROPERTY = "dime.llama.baseUrl";
    static final String RUN_DIR_PROPERTY = "dime.llama.runDir";
    static final String SCRIPT_PROPERTY = "dime.llama.script";
    static final String MODEL_PROPERTY = "dime.llama.model";

    public final URI baseUrl;
    public final Path runDir;
    public final Path script;
    public final Path model;

    private RealServer(URI baseUrl, Path runDir, Path script, Path model) {
        this.baseUrl = baseUrl;
        this.runDir = runDir;
        this.script = script;
        this.model = model;
    }

    /**
     * The build's server, or a skipped test (a failed one under {@code CI=true}) with the reason it
     * is missing. Call it before each test, so every test reports the reason, not only the class.
     */
    public static RealServer require() {
        Availability availability = check();
        if (availability.server() == null) {
            unavailable(availability.reasonMissing());
        }
        return availability.server();
    }

    /** The server, or why there is none. */
    record Availability(RealServer server, String reasonMissing) {
    }

    static Availability check() {
        String baseUrl = System.getProperty(BASE_URL_PROPERTY);
        String runDir = System.getProperty(RUN_DIR_PROPERTY);
        if (baseUrl == null || runDir == null) {
            return new Availability(null, "system property " + BASE_URL_PROPERTY + " or " + RUN_DIR_PROPERTY
                    + " is not set: run these tests through ./mvnw verify, which starts the server");
        }
        Path marker = Path.of(runDir).resolve("UNAVAILABLE");
        if (Files.exists(marker)) {
            try {
                return new Availability(null, Files.readString(marker, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                return new Availability(null, "the UNAVAILABLE marker exists but cannot be read: " + e.getMessage());
            }
        }
        return new Availability(new RealServer(URI.create(baseUrl), Path.of(runDir),
                Path.of(System.getProperty(SCRIPT_PROPERTY)), Path.of(System.getProperty(MODEL_PROPERTY))), "");
    }

    private static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("llama-server is unavailable under CI=true: " + reason);
        }
        assumeTrue(false, "llama-server is unavailable: " + reason);
    }

    /**
     * Runs {@code llama-server.sh} with a run directory of its own, so a test can start and stop a
     * private server beside the build's. Returns the script's output; fails the test on a non-zero exit.
     */
    public String runScript(Path privateRunDir, Map<String, String> environment, List<String> arguments, Duration limit)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DIME_LLAMA_RUN_DIR", privateRunDir.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("llama-server.sh " + arguments + " did not finish within " + limit);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail("llama-server.sh " + arguments + " exited with " + process.exitValue() + ":\n" + text);
        }
        return text;
    }
}
