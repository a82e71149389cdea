package io.dime.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium, started once per page with a fresh profile and no network
 * chatter, and killed if it takes longer than a minute.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_S = 60;

    /** What the browser printed: the page's DOM after load (for --dump-dom) and its log. */
    record Output(String stdout, String log) {
        /**
         * Console messages and uncaught errors. Chromium logs every console call as
         * INFO:CONSOLE whatever its level, so the level cannot be told apart; a report writes
         * nothing to the console, so any such line is a fault.
         */
        List<String> consoleLines() {
            return log.lines().filter(line -> line.contains(":CONSOLE") || line.contains("Uncaught")).toList();
        }
    }

    private final Path workDir;

    Chromium(Path workDir) {
        this.workDir = workDir;
    }

    static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** Loads the page, runs its scripts, and prints the DOM once the page has loaded. */
    Output dumpDom(Path page) throws IOException, InterruptedException {
        return run(List.of("--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()));
    }

    Output screenshot(Path page, Path png) throws IOException, InterruptedException {
        return run(List.of("--hide-scrollbars", "--window-size=1200,1600", "--virtual-time-budget=5000",
                "--screenshot=" + png.toAbsolutePath(), page.toUri().toString()));
    }

    private Output run(List<String> arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "profile");
        Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--enable-logging=stderr", "--v=0"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("chromium did not finish within " + TIMEOUT_S + " s: " + String.join(" ", command));
        }
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + process.exitValue() + ": " + String.join(" ", command) + "\n" + log);
        }
        return new Output(Files.readString(stdout, StandardCharsets.UTF_8), log);
    }
}
