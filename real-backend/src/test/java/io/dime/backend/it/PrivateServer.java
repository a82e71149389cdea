package io.dime.backend.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A second llama-server of a test's own, beside the build's, on a port the script picks: a test
 * may stop it mid-run without touching the server the other tests use. Started from
 * {@code @BeforeAll}; null when the build has no server (the test then reports why through
 * {@link RealServer#require()}).
 */
final class PrivateServer {
    private final RealServer build;
    private final Path runDir;
    private final Map<String, String> environment;

    private PrivateServer(RealServer build, Path runDir, Map<String, String> environment) {
        this.build = build;
        this.runDir = runDir;
        this.environment = environment;
    }

    /** Starts one named {@code name}, with the script's settings in {@code environment} (slots, context, stop wait). */
    static PrivateServer start(String name, Map<String, String> environment) throws IOException, InterruptedException {
        RealServer build = RealServer.check().server();
        if (build == null) {
            return null;
        }
        PrivateServer server = new PrivateServer(build, build.runDir.resolveSibling(name), environment);
        build.runScript(server.runDir, environment, List.of("start", build.model.toString(), "auto"), Duration.ofSeconds(90));
        return server;
    }

    URI url() throws IOException {
        return URI.create(Files.readString(runDir.resolve("url")).strip());
    }

    /** Stops it (again: stopping a stopped server is harmless). */
    void stop() throws IOException, InterruptedException {
        build.runScript(runDir, environment, List.of("stop"), Duration.ofSeconds(30));
    }
}
