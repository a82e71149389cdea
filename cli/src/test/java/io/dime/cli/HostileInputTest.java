package io.dime.cli;

import static io.dime.cli.Cli.dime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import io.dime.cli.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, cases 6 to 9, as a user meets them: each bad input is one located paragraph, exit 2,
 * no stack trace and nothing written.
 */
class HostileInputTest {
    private static final String BASE = """
            name: hostile
            seed: 42
            duration: 2min
            warmup: 10s
            replications: 2
            regions: [us-east, eu-west]
            nodes:
              - {name: gpus, count: 4, gpu: rtx-4090, model: llama-3-8b, region: us-east, cost_per_hour: 0.4}
            workload:
              - {name: chat, model: llama-3-8b, arrival: {process: poisson, rate: 2/s}}
            """;

    @TempDir
    Path temp;


    private Path file(String name, String text) throws IOException {
        Path file = temp.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static final Pattern LOCATED = Pattern.compile("\\(line \\d+, column \\d+\\)");

    /** Both validate and run refuse it with exit 2, one paragraph, {@code expected} in it, no trace, no run folder. */
    private void assertRefused(Path scenario, String expected, boolean located) {
        Path out = temp.resolve("out-" + scenario.getFileName());
        for (Result r : new Result[] {dime("validate", scenario.toString()), dime("run", scenario.toString(), "--out", out.toString(), "--quiet")}) {
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r);
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception") || r.err().contains("internal error"), r.toString());
            assertEquals(1, r.err().strip().lines().count(), "one paragraph: " + r);
            if (located) {
                assertTrue(LOCATED.matcher(r.err()).find(), "line and column: " + r);
            }
        }
        assertFalse(Files.exists(out), "nothing written");
    }

    private Path variant(String name, String from, String to) throws IOException {
        assertTrue(BASE.contains(from), from);
        return file(name, BASE.replace(from, to));
    }

    @Test
    void notANumberAndInfinitiesAreRefusedWithTheKeyPath() throws IOException {
        assertRefused(variant("nan.yaml", "seed: 42", "seed: .nan"), "seed: '.nan' is not a finite number", true);
        assertRefused(variant("inf.yaml", "cost_per_hour: 0.4", "cost_per_hour: .inf"), "nodes[0].cost_per_hour: '.inf' is not a finite number", true);
        assertRefused(variant("minf.yaml", "cost_per_hour: 0.4", "cost_per_hour: -.Inf"), "not a finite number", true);
        assertRefused(variant("huge.yaml", "cost_per_hour: 0.4", "cost_per_hour: 1e999"), "not a finite number", true);
        Path sweep = file("nan-sweep.yaml", "sweep:\n  name: s\n  scenario: " + variant("base.yaml", "seed: 42", "seed: 42") + "\n  parameters:\n"
                + "    - {path: \"nodes[0].cost_per_hour\", values: [0.5, .nan]}\n");
        Result r = dime("sweep", sweep.toString(), "--out", temp.resolve("sw").toString(), "--quiet");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("not a finite number") && !r.err().contains("\tat "), r.toString());
    }

    @Test
    void devicesFoldersAndOversizedFilesAreRefusedBeforeReading() throws IOException {
        for (String[] args : new String[][] {{"validate", "/dev/zero"}, {"validate", temp.toString()}, {"run", "/dev/zero"}}) {
            Result r = dime(args);
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().contains("accepted: a YAML text file"), r.toString());
        }
        assertRefused(variant("profile.yaml", "cost_per_hour: 0.4}", "cost_per_hour: 0.4, profile: /dev/zero}"), "not a regular file", true);
        Path big = temp.resolve("big.yaml");
        Files.writeString(big, BASE + "# " + "x".repeat(5 << 20) + "\n");
        assertRefused(big, "accepted: at most 4.0 MiB", false);
    }

    @Test
    void aNodeCountThatCannotFitTheHeapIsRefusedWithWhatFits() throws IOException {
        // the documented maximum count, in as many groups as it takes to pass any heap this JVM may have
        StringBuilder groups = new StringBuilder();
        long heapGiB = Runtime.getRuntime().maxMemory() >> 30;
        for (int g = 0; g <= heapGiB / 2 + 1; g++) {
            groups.append("  - {name: g").append(g).append(", count: 1000000, gpu: rtx-4090, model: llama-3-8b, region: us-east}\n");
        }
        Path scenario = file("million.yaml", BASE.replace("  - {name: gpus, count: 4, gpu: rtx-4090, model: llama-3-8b, region: us-east, cost_per_hour: 0.4}\n",
                groups.toString()));
        assertEquals(0, dime("validate", scenario.toString()).code(), "valid as a file");
        Result r = dime("run", scenario.toString(), "--out", temp.resolve("m").toString(), "--quiet");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("of memory") && r.err().contains("DIME_JAVA_OPTS=-Xmx") && r.err().contains("nodes with"), r.toString());
        assertFalse(Files.exists(temp.resolve("m")));
    }

    @Test
    void duplicatesAndEmptyListsAreLocatedErrors() throws IOException {
        assertRefused(variant("dupregion.yaml", "regions: [us-east, eu-west]", "regions: [us-east, eu-west, us-east]"), "region 'us-east' is listed twice", true);
        assertRefused(variant("noregions.yaml", "regions: [us-east, eu-west]", "regions: []"), "the regions list is empty", true);
        assertRefused(variant("dupgroup.yaml", "workload:", "  - {name: gpus, count: 1, gpu: rtx-4090, model: llama-3-8b, region: us-east}\nworkload:"),
                "duplicate node group name 'gpus'", true);
    }

    @Test
    void whatWasSilentlyAcceptedIsALocatedError() throws IOException {
        assertRefused(variant("tag.yaml", "seed: 42", "seed: !foo 42"), "unknown YAML tag '!foo'", true);
        assertRefused(variant("nullcount.yaml", "count: 4", "count: ~"), "'count' has no value", true);
        assertRefused(variant("bpt.yaml", "workload:", "network: {bytes_per_token: 0}\nworkload:"), "bytes_per_token must be more than 0", true);
        assertRefused(variant("demand.yaml", "workload:", "demand: {elasticity: -0.5}\nworkload:"), "this scenario has no token section", true);
        assertEquals(0, dime("validate", variant("stdtag.yaml", "seed: 42", "seed: !!int 42").toString()).code(), "a standard tag is fine");
    }

    @Test
    void encodingNestingAndLongValuesAreLocated() throws IOException {
        Path latin = temp.resolve("latin.yaml");
        Files.write(latin, BASE.replace("name: hostile", "name: caf\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(latin, "is not UTF-8 text: byte 9 (line 1) is 0xe9", false);
        Path deep = file("deep.yaml", BASE + "output: " + "[".repeat(2000) + "1" + "]".repeat(2000) + "\n");
        assertRefused(deep, "nests deeper than 50 levels", false);
        // a string right at the size limit: read in linear time and refused as a name, its value cut in the message
        Path longName = file("long.yaml", BASE.replace("name: hostile", "name: \"" + "a".repeat((4 << 20) - 600) + "\""));
        Result r = dime("validate", longName.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().length() < 2000 && r.err().contains("(cut, "), "the value is cut: " + r.err().length() + " characters");
    }
}
