package io.dime.cli;

import static io.dime.cli.Cli.dime;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import io.dime.cli.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, what goes to out and err, and the run folder. */
class CliTest {
    /** Surefire runs with the module folder as working directory. */
    private static final String QUICKSTART = "../scenarios/quickstart.yaml";

    private static final String BROKEN = """
            name: broken
            nodes:
              - name: a
                gpu: rtx-9090
                model: llama-3-8b
            workload:
              - {name: chat, arrival: {rate: 5/s}}
            """;

    @TempDir
    Path temp;


    private static void assertNoStackTrace(Result r) {
        assertFalse(r.err().contains("at io.dime"), r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());
        assertFalse(r.err().contains("Exception"), r.toString());
        assertFalse(r.out().contains("at io.dime"), r.toString());
    }

    private Path file(String name, String text) throws IOException {
        Path path = temp.resolve(name);
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path;
    }

    private static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), name);
        }
    }

    private Result runQuickstart(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", QUICKSTART, "--replications", "2", "--out", out.toString(),
                "--threads", "2", "--quiet"));
        args.addAll(List.of(extra));
        return dime(args.toArray(String[]::new));
    }

    // ---------------------------------------------------------------- help

    @Test
    void helpExitsZeroAndListsEveryCommandWithAnExample() {
        Result r = dime("--help");
        assertEquals(0, r.code(), r.toString());
        for (String command : new String[] {"run", "validate", "list"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+" + command + "\\s+\\S.*")),
                    "command '" + command + "' listed with a description: " + r);
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("dime " + command + " ")),
                    "an example line for '" + command + "': " + r);
        }
        assertTrue(r.out().contains("Exit codes: 0 success, 1 internal error, 2 bad input"), r.toString());
        assertEquals("", r.err());
    }

    @Test
    void noArgumentsPrintsTheUsage() {
        Result r = dime();
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Usage: dime"), r.toString());
    }

    @Test
    void eachCommandHasHelpWithAnExample() {
        for (String command : new String[] {"run", "validate", "list"}) {
            Result r = dime(command, "--help");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("Usage: dime " + command), r.toString());
            assertTrue(r.out().contains("Example:"), r.toString());
            assertTrue(r.out().contains("  dime " + command + " "), r.toString());
        }
    }

    @Test
    void versionExitsZero() {
        Result r = dime("--version");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("dime "), r.toString());
    }

    // ---------------------------------------------------------------- validate

    @Test
    void validateQuickstartExitsZero() {
        Result r = dime("validate", QUICKSTART);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("valid"), r.toString());
        assertTrue(r.out().contains("'quickstart'"), r.toString());
        assertTrue(r.out().contains("3 node groups (54 nodes), 1 request class"), r.toString());
        assertEquals("", r.err());
    }

    @Test
    void validateResolvedPrintsEveryDefault() {
        Result r = dime("validate", QUICKSTART, "--resolved");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("max_queue: 1000"), r.toString());
        assertTrue(r.out().contains("policy: slo-aware"), r.toString());
    }

    @Test
    void validateBrokenFileExitsTwoWithTheLocatedMessageAndNoStackTrace() throws IOException {
        Path broken = file("broken.yaml", BROKEN);
        Result r = dime("validate", broken.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("nodes[0].gpu: unknown GPU 'rtx-9090' (line 4, column 10); did you mean 'rtx-3090'? known: "),
                r.toString());
        assertTrue(r.err().startsWith("error: "), r.toString());
        assertEquals(1, r.err().lines().count(), "one line of error: " + r);
        assertNoStackTrace(r);
        assertEquals("", r.out());
    }

    /** A live node whose server is a loopback port nothing listens on: every request it gets fails, refused. */
    private static final String LIVE = """
            name: live
            duration: 2s
            nodes:
              - name: server
                gpu: rtx-4090
                model: llama-3-8b
                backend: {type: openai, url: %s, model: tiny, slots: 2, timeout: 5s}
              - {name: simulated, gpu: rtx-4090, model: llama-3-8b}
            workload:
              - {name: chat, arrival: {rate: 5/s}, prompt_tokens: 32, output_tokens: 8}
            routing:
              policy: round-robin
            """;

    private static int closedLoopbackPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aLiveScenarioRunsFromTheCommandLineAndCountsTheFailuresOfAServerThatIsNotThere() throws Exception {
        Path live = file("live.yaml", LIVE.formatted("http://127.0.0.1:" + closedLoopbackPort()));
        Result valid = dime("validate", live.toString());
        assertEquals(0, valid.code(), valid.toString());

        Path out = temp.resolve("runs-live");
        long start = System.nanoTime();
        Result r = dime("run", live.toString(), "--out", out.toString(), "--json");
        double wallSeconds = (System.nanoTime() - start) * 1e-9;
        assertEquals(0, r.code(), r.toString());
        assertTrue(wallSeconds >= 2, "paced to the wall clock: " + wallSeconds + " s");
        com.fasterxml.jackson.databind.JsonNode metrics = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.out()).get("metrics");
        double failed = metrics.at("/live/server/failed/mean").asDouble();
        assertTrue(failed >= 2, "requests routed to the missing server fail: " + failed + "\n" + r.out());
        assertEquals(failed, metrics.at("/requests/failed/mean").asDouble(), "and only those");
        assertEquals(0, metrics.at("/groups/server/completed/mean").asDouble());
        assertTrue(metrics.at("/groups/simulated/completed/mean").asDouble() >= 2);
    }

    @Test
    void aBackendSettingItsTypeRefusesIsAnInputErrorFromValidateAndRun() throws IOException {
        Path live = file("live.yaml", LIVE.formatted("ftp://127.0.0.1:9"));
        String expected = "error: nodes[0].backend: backend type 'openai' refuses these settings:"
                + " url 'ftp://127.0.0.1:9' must start with http:// or https://";
        for (String[] command : List.of(new String[] {"validate", live.toString()},
                new String[] {"run", live.toString(), "--out", temp.resolve("runs").toString()})) {
            Result r = dime(command);
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().strip().startsWith(expected), r.err());
            assertTrue(r.err().matches("(?s).*\\(line \\d+, column \\d+\\)\\s*"), "located: " + r.err());
            assertNoStackTrace(r);
        }
        assertFalse(Files.exists(temp.resolve("runs")), "nothing ran");
    }

    @Test
    void validateMalformedYamlExitsTwo() throws IOException {
        Path broken = file("malformed.yaml", "name: t\nnodes: [{name: a\n");
        Result r = dime("validate", broken.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("malformed YAML"), r.toString());
        assertNoStackTrace(r);
    }

    @Test
    void validateMissingFileExitsTwoWithAClearMessage() {
        Path missing = temp.resolve("nope.yaml");
        Result r = dime("validate", missing.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals("error: no such scenario file: " + missing, r.err().strip());
        assertNoStackTrace(r);
    }

    @Test
    void validateAFolderExitsTwo() {
        Result r = dime("validate", temp.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: the scenario file " + temp + " is a folder; accepted: a YAML text file"), r.toString());
        assertNoStackTrace(r);
    }

    @Test
    void validateNonUtf8FileExitsTwo() throws IOException {
        Path latin = temp.resolve("latin.yaml");
        Files.write(latin, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        Result r = dime("validate", latin.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("is not UTF-8 text"), r.toString());
    }

    @Test
    void validateWithoutFileExitsTwo() {
        Result r = dime("validate");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("Missing required parameter: 'FILE'"), r.toString());
        assertTrue(r.err().contains("Try 'dime validate --help'."), r.toString());
    }

    // ---------------------------------------------------------------- bad options

    @Test
    void unknownOptionExitsTwo() {
        Result r = dime("--bogus");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.toString());
        assertTrue(r.err().contains("Try 'dime --help'."), r.toString());
        assertNoStackTrace(r);
    }

    @Test
    void unknownOptionOfASubcommandExitsTwo() {
        Result r = dime("run", QUICKSTART, "--bogus");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.toString());
        assertTrue(r.err().contains("Try 'dime run --help'."), r.toString());
    }

    @Test
    void unknownCommandExitsTwo() {
        Result r = dime("simulate", QUICKSTART);
        assertEquals(2, r.code(), r.toString());
        assertNoStackTrace(r);
    }

    @Test
    void badOptionValuesExitTwo() {
        Path out = temp.resolve("never");
        for (String[] args : new String[][] {
            {"run", QUICKSTART, "--seed", "x", "--out", out.toString()},
            {"run", QUICKSTART, "--replications", "0", "--out", out.toString()},
            {"run", QUICKSTART, "--threads", "0", "--out", out.toString()},
        }) {
            Result r = dime(args);
            assertEquals(2, r.code(), String.join(" ", args) + "\n" + r);
            assertNoStackTrace(r);
        }
        assertFalse(Files.exists(out), "nothing is written on bad options");
    }

    // ---------------------------------------------------------------- run

    @Test
    void runWritesTheRunFolder() throws IOException {
        Path out = temp.resolve("q");
        Result r = runQuickstart(out);
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.out(), "--quiet prints nothing");
        assertEquals("", r.err());
        for (String name : new String[] {"summary.json", "scenario.resolved.yaml", "nodes.csv"}) {
            assertTrue(Files.isRegularFile(out.resolve(name)), name);
        }
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"replications\" : 2"), summary);
        assertTrue(summary.contains("\"seed\" : 42"), summary);
        assertTrue(Files.readString(out.resolve("scenario.resolved.yaml")).contains("replications: 2"));
        assertTrue(Files.readString(out.resolve("nodes.csv")).startsWith("replication,node,group,gpu,region,"));
    }

    @Test
    void runIsReproducibleAndAnotherSeedChangesTheSummary() throws IOException {
        Path first = temp.resolve("a");
        Path again = temp.resolve("b");
        Path seven = temp.resolve("c");
        assertEquals(0, runQuickstart(first).code());
        assertEquals(0, dime("run", QUICKSTART, "--replications", "2", "--out", again.toString(), "--threads", "1", "--quiet").code());
        assertEquals(0, runQuickstart(seven, "--seed", "7").code());

        String summary = Files.readString(first.resolve("summary.json"));
        assertEquals(summary, Files.readString(again.resolve("summary.json")), "same seed, other thread count: same bytes");
        String summarySeven = Files.readString(seven.resolve("summary.json"));
        assertFalse(summary.equals(summarySeven), "--seed 7 changes summary.json");
        assertTrue(summarySeven.contains("\"seed\" : 7"), summarySeven);
    }

    @Test
    void runAgainWithSeedReplacesTheFolder() throws IOException {
        Path out = temp.resolve("q");
        assertEquals(0, runQuickstart(out).code());
        String before = Files.readString(out.resolve("summary.json"));
        assertEquals(0, runQuickstart(out, "--seed", "7").code());
        String after = Files.readString(out.resolve("summary.json"));
        assertFalse(before.equals(after), "--seed 7 changes summary.json");
        try (Stream<Path> list = Files.list(temp)) {
            assertEquals(List.of("q"), list.map(p -> p.getFileName().toString()).toList(), "no hidden folders left");
        }
    }

    @Test
    void runPrintsTheSummaryTableUnlessQuiet() {
        Path out = temp.resolve("loud");
        Result r = dime("run", QUICKSTART, "--replications", "2", "--out", out.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("quickstart: 2 replications of 1h simulated (5min warm-up), seed 42"), r.toString());
        assertTrue(r.out().contains("TTFT p50 / p99 (ms)"), r.toString());
        assertTrue(r.out().contains("wrote " + out + "/"), r.toString());
    }

    @Test
    void runOnBrokenFileExitsTwoAndLeavesTheExistingRunFolderUntouched() throws IOException {
        Path out = temp.resolve("q");
        assertEquals(0, runQuickstart(out).code());
        Map<String, byte[]> before = snapshot(out);

        Path broken = file("broken.yaml", BROKEN);
        Result r = dime("run", broken.toString(), "--out", out.toString(), "--quiet");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("nodes[0].gpu: unknown GPU 'rtx-9090' (line 4, column 10)"), r.toString());
        assertNoStackTrace(r);

        assertSameTree(before, snapshot(out));
        try (Stream<Path> list = Files.list(temp)) {
            assertEquals(List.of("broken.yaml", "q"), list.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void runOnMissingFileExitsTwo() {
        Path out = temp.resolve("q");
        Result r = dime("run", temp.resolve("nope.yaml").toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("no such scenario file"), r.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void runIntoAFolderUnderARegularFileFailsWithoutStackTrace() throws IOException {
        Path blocker = file("blocker", "not a folder");
        Result r = dime("run", QUICKSTART, "--replications", "1", "--threads", "1", "--quiet",
                "--out", blocker.resolve("q").toString());
        assertEquals(2, r.code(), "a bad --out is bad input, found before the run: " + r);
        assertTrue(r.err().startsWith("error: cannot create the folder " + blocker), r.toString());
        assertTrue(r.err().contains("is not a folder"), r.toString());
        assertNoStackTrace(r);
        assertEquals("not a folder", Files.readString(blocker));
    }

    @Test
    void aSchemesRunTablesToplocBesideTheOtherSchemes() throws IOException {
        Path scenario = temp.resolve("schemes.yaml");
        Files.writeString(scenario, """
                name: schemes
                seed: 5
                duration: 20min
                warmup: 2min
                replications: 2
                nodes:
                  - {name: pool, count: 8, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 1/s}, prompt_tokens: 200, output_tokens: 100}
                verification: {schemes: [spot-check, activation-commitment, toploc], rate: 0.2, eject_after: 0}
                adversaries: [{strategy: substitution, share: 0.25, cheat_rate: 0.5}]
                """);
        Path out = temp.resolve("schemes-run");
        Result r = dime("run", scenario.toString(), "--out", out.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().lines().anyMatch(line -> line.startsWith("toploc ")), "a toploc row in the table: " + r);
        List<String> csv = Files.readAllLines(out.resolve("schemes.csv"));
        assertEquals(List.of("spot-check", "activation-commitment", "toploc"), csv.subList(1, csv.size()).stream().map(l -> l.split(",")[0]).toList());
        assertTrue(Files.readString(out.resolve("toploc/summary.json")).contains("\"validation_cost_ratio\""), "the scheme's own metrics are in its run folder");
    }

    // ---------------------------------------------------------------- list

    @Test
    void listGpusPrintsCatalogGpus() {
        Result r = dime("list", "gpus");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("h100-sxm"), r.toString());
        assertTrue(r.out().contains("rtx-4090"), r.toString());
    }

    @Test
    void listModelsPrintsCatalogModels() {
        Result r = dime("list", "models");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("llama-3-8b"), r.toString());
    }

    @Test
    void listRegionsRoutingAndPricingPrintTheirNames() {
        Result regions = dime("list", "regions");
        assertEquals(0, regions.code(), regions.toString());
        assertTrue(regions.out().contains("us-east"), regions.toString());
        Result routing = dime("list", "routing");
        assertEquals(0, routing.code(), routing.toString());
        assertEquals(List.of("random", "round-robin", "least-loaded", "power-of-two", "nearest", "cheapest", "slo-aware", "reputation", "hybrid"),
                routing.out().lines().toList());
        Result pricing = dime("list", "pricing");
        assertEquals(0, pricing.code(), pricing.toString());
        assertEquals(List.of("posted", "asks", "auction-request", "auction-epoch", "lease", "job-market"), pricing.out().lines().toList());
        Result arrivals = dime("list", "arrivals");
        assertEquals(0, arrivals.code(), arrivals.toString());
        assertEquals(List.of("poisson", "gamma", "diurnal", "mmpp", "trace", "steps", "closed"), arrivals.out().lines().toList());
        Result schemes = dime("list", "schemes");
        assertEquals(0, schemes.code(), schemes.toString());
        assertEquals(List.of("none", "redundancy", "spot-check", "optimistic", "zkml", "tee", "activation-commitment", "toploc"), schemes.out().lines().toList());
        Result adversaries = dime("list", "adversaries");
        assertEquals(0, adversaries.code(), adversaries.toString());
        assertEquals(List.of("lazy", "substitution", "truncation", "precision", "colluding", "sybil", "rational"), adversaries.out().lines().toList());
        Result controllers = dime("list", "controllers");
        assertEquals(0, controllers.code(), controllers.toString());
        assertEquals(List.of("target: price, utilization, operators", "acts_on: emission, burn, fee, price"), controllers.out().lines().toList());
    }

    @Test
    void listOfAnUnknownThingExitsTwoAndSaysWhatIsAccepted() {
        Result r = dime("list", "foo");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("expected one of [gpus, models, regions, routing, pricing, arrivals, schemes, adversaries, controllers, backends]"), r.toString());
    }

    @Test
    void listBackendsNamesTheOpenAiTypeThatTheRealBackendModuleProvides() {
        Result r = dime("list", "backends");
        assertEquals(0, r.code(), r.toString());
        assertEquals("openai", r.out().strip(), r.toString());
    }

    // ---------------------------------------------------------------- compare

    @Test
    void compareOfAScenarioWithItselfShowsZeroDifferences() {
        Result r = dime("compare", QUICKSTART, QUICKSTART, "--replications", "2", "--threads", "2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("(common random numbers)"), r.toString());
        long rows = r.out().lines().filter(l -> l.startsWith("ttft_ms.p50") || l.startsWith("requests.completed")).count();
        assertEquals(2, rows, r.toString());
        assertTrue(r.out().lines().filter(l -> l.startsWith("ttft_ms.p50")).allMatch(l -> l.endsWith("+0 [+0, +0]")), r.toString());
    }

    @Test
    void compareShowsPairedDifferencesBetweenScenarios() throws IOException {
        Path cheap = file("cheapest.yaml", Files.readString(Path.of(QUICKSTART))
                .replace("name: quickstart", "name: quickstart-cheapest").replace("policy: slo-aware", "policy: cheapest"));
        Result r = dime("compare", QUICKSTART, cheap.toString(), "--replications", "3", "--threads", "2");
        assertEquals(0, r.code(), r.toString());
        String users = r.out().lines().filter(l -> l.startsWith("cost_per_mtok_usd.users")).findFirst().orElseThrow();
        // Cheapest-first keeps users on the 2.50 network instead of the 15.00 provider: a large negative difference.
        assertTrue(users.contains(" -"), users);
    }

    @Test
    void compareNeedsTwoReplicationsForAnInterval() {
        Result r = dime("compare", QUICKSTART, QUICKSTART, "--replications", "1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--replications 1 is out of range; accepted: 2 to 10000"), r.toString());
    }

    @Test
    void compareQuietPrintsNothingAndABadOutFailsBeforeAnyRun() throws IOException {
        Path folder = temp.resolve("quiet-compare");
        Result quiet = dime("compare", QUICKSTART, QUICKSTART, "--replications", "2", "--quiet", "--no-report", "--out", folder.toString());
        assertEquals(0, quiet.code(), quiet.toString());
        assertEquals("", quiet.out(), "nothing but errors");
        assertTrue(Files.isRegularFile(folder.resolve("comparison.csv")));

        Path file = Files.writeString(temp.resolve("a-file"), "x");
        Result blocked = dime("compare", QUICKSTART, QUICKSTART, "--replications", "2", "--out", file.toString());
        assertEquals(2, blocked.code(), blocked.toString());
        assertTrue(blocked.err().contains("a file of that name exists"), blocked.toString());
        assertEquals("", blocked.out(), "no run started");
        assertNoStackTrace(blocked);
    }

    @Test
    void observeSaysAtOnceWhenNoServerAnswersAndWritesNoTrace() throws IOException {
        Path plan = file("plan.yaml", """
                plan:
                  name: p
                  prompt_tokens: 16
                  output_tokens: 8
                  levels: [{concurrency: 1, requests: 3}]
                """);
        Path trace = temp.resolve("out/trace.csv");
        Result r = dime("observe", "--url", "http://127.0.0.1:9", "--plan", plan.toString(), "--out", trace.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--url http://127.0.0.1:9: a first small completion request failed (REFUSED"), r.err());
        assertNoStackTrace(r);
        assertFalse(Files.exists(trace), "nothing measured, nothing written");
    }

    @Test
    void aBadLoadPlanIsALocatedInputError() throws IOException {
        Path plan = file("plan.yaml", """
                plan:
                  name: p
                  prompt_tokens: 16
                  output_tokens: 8
                  levels: [{concurrency: 1, rate: 2/s, requests: 3}]
                """);
        Result r = dime("observe", "--url", "http://127.0.0.1:9", "--plan", plan.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: plan.levels[0]: a level has either 'concurrency'"), r.err());
        assertTrue(r.err().contains("line 5"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void validateChecksALoadPlanAndLocatesItsMistakes() throws IOException {
        Path good = file("good-plan.yaml", """
                plan:
                  name: p
                  prompt_tokens: 16
                  output_tokens: 8
                  warmup: 2
                  rounds: 2
                  levels: [{concurrency: 1, requests: 4}, {rate: 2/s, requests: 6}]
                """);
        Result ok = dime("validate", good.toString());
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().contains("valid — load plan 'p', 2 levels (c1, r2), 10 measured requests and 8 warm-up, 2 rounds"), ok.out());
        Path bad = file("bad-plan.yaml", """
                plan:
                  name: p
                  prompt_tokens: 16
                  output_tokens: 8
                  rounds: 5
                  levels: [{concurrency: 1, requests: 4}]
                """);
        Result r = dime("validate", bad.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: plan.levels[0].requests: a level needs at least one request per round (rounds: 5)"), r.err());
        assertNoStackTrace(r);
    }
}
