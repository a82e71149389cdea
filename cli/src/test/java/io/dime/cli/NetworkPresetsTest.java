package io.dime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The network presets in scenarios/networks/: all present, headers with sources, each runs shortened. */
class NetworkPresetsTest {
    private static final Path NETWORKS = Path.of("..", "scenarios", "networks");
    private static final List<String> EXPECTED = List.of("bittensor", "akash", "render", "io-net", "aethir", "nosana",
            "cortensor", "prime-intellect", "hyperbolic", "petals", "wavefy", "aws-bedrock", "google-vertex");
    private static final List<String> CENTRALIZED = List.of("aws-bedrock", "google-vertex");
    private static final Map<Path, RunOutcome> RUNS = new ConcurrentHashMap<>();

    static List<Path> presets() throws IOException {
        try (Stream<Path> files = Files.list(NETWORKS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** The preset, 10 simulated minutes (1 of warm-up), 2 replications; run once and kept. */
    private static RunOutcome shortRun(Path file) {
        return RUNS.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
            try {
                String shortened = Files.readString(f, StandardCharsets.UTF_8)
                        .replaceAll("(?m)^duration: .*$", "duration: 10min")
                        .replaceAll("(?m)^warmup: .*$", "warmup: 1min")
                        .replaceAll("(?m)^replications: .*$", "replications: 2");
                return RunOutcome.run(new ScenarioLoader().parse(shortened, f.getParent()), 2);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Path preset(String name) {
        return NETWORKS.resolve(name + ".yaml");
    }

    @Test
    void allThirteenPresetsExist() {
        for (String name : EXPECTED) {
            assertTrue(Files.isRegularFile(preset(name)), "missing " + preset(name));
        }
    }

    @ParameterizedTest
    @MethodSource("presets")
    void presetParsesHasSourcedHeaderAndRuns(Path file) throws IOException {
        Scenario scenario = new ScenarioLoader().load(file);
        String base = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        assertEquals(base, scenario.name(), file + ": name matches the file");
        assertTrue(scenario.regions().containsAll(List.of("us-east", "eu-west", "ap-southeast")),
                file + ": regions include us-east, eu-west and ap-southeast for the common workload");

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).startsWith("#"), file + ": starts with a comment header");
        int sources = lines.indexOf("# Sources:");
        int assumed = lines.indexOf("# Assumed:");
        assertTrue(sources >= 0, file + ": has a '# Sources:' line");
        assertTrue(assumed >= 0, file + ": has an '# Assumed:' line");
        assertTrue(lines.get(sources + 1).startsWith("# - "), file + ": sources are bullet lines");
        assertTrue(lines.get(assumed + 1).startsWith("# - "), file + ": assumptions are bullet lines");

        RunOutcome outcome = shortRun(file);
        assertEquals(2, outcome.replications().size());
        for (ReplicationResult r : outcome.replications()) {
            assertEquals(r.metric("requests.arrived"), r.metric("requests.completed") + r.metric("requests.failed")
                    + r.metric("requests.dropped") + r.metric("requests.in_flight"), file + ": requests conserved");
            assertTrue(r.metric("requests.completed") > 0, file + ": some requests complete");
        }
        double users = outcome.summary().get("cost_per_mtok_usd.users").mean();
        assertTrue(Double.isFinite(users) && users > 0, file + ": users' cost per 1M tokens " + users);
    }

    /**
     * What the sources say about price. The articles' 14-15 USD per 1M tokens for Bedrock and Vertex
     * is not what the documented list prices say: Bedrock's Llama 3.1 8B costs 0.22 USD per 1M input
     * and per 1M output tokens, and Vertex's Llama 3.3 70B 1.36. Per token, then,
     * Bedrock is not dearer than every decentralized network: it sits inside their range (Aethir's,
     * Cortensor's and Nosana's presets charge more, Nosana's because every request is a job that
     * holds a whole GPU and pays a fee on a 30 s deposit; Akash's leases, Hyperbolic's and the free
     * networks' less). Vertex, serving a 70B model, charges more than every decentralized preset. What the sources
     * do say about the clouds being dearer is per GPU-hour: AWS p5 6.88 and GCP a3 10.98 USD per
     * H100-hour against Akash's 2.58 and Hyperbolic's 3.20 cap, so that is asserted on the presets' H100s.
     */
    @Test
    void centralizedPricesAreTheDocumentedListPrices() throws IOException {
        double bedrock = shortRun(preset("aws-bedrock")).summary().get("cost_per_mtok_usd.price").mean();
        double vertex = shortRun(preset("google-vertex")).summary().get("cost_per_mtok_usd.price").mean();
        assertEquals(0.22, bedrock, 1e-6, "Bedrock's list price");
        assertEquals(1.36, vertex, 1e-6, "Vertex's list price");
        // The clouds bill data out on top: a few thousandths of a dollar per 1M tokens of text.
        double bedrockUsers = shortRun(preset("aws-bedrock")).summary().get("cost_per_mtok_usd.users").mean();
        assertTrue(bedrockUsers > bedrock && bedrockUsers < bedrock + 0.02, "Bedrock with its egress: " + bedrockUsers);
        assertTrue(bedrock < 14 && vertex < 14, "documented list prices are far below the articles' 14-15 USD");

        double cheapest = Double.MAX_VALUE;
        double dearest = 0;
        double cheapestCloudH100 = Double.MAX_VALUE;
        for (String name : EXPECTED) {
            Scenario s = new ScenarioLoader().load(preset(name));
            for (Scenario.NodeGroup g : s.nodes()) {
                if (!g.gpu().equals("h100-sxm")) {
                    continue;
                }
                double perGpuHour = g.costPerHourUsd() / (g.tensorParallel() * g.pipelineStages());
                if (g.kind() == Scenario.NodeKind.CENTRALIZED) {
                    cheapestCloudH100 = Math.min(cheapestCloudH100, perGpuHour);
                }
            }
            if (CENTRALIZED.contains(name)) {
                continue;
            }
            double users = shortRun(preset(name)).summary().get("cost_per_mtok_usd.users").mean();
            cheapest = Math.min(cheapest, users);
            dearest = Math.max(dearest, users);
        }
        assertTrue(vertex > dearest, "Vertex (70B) " + vertex + " above every decentralized preset, the dearest " + dearest);
        assertTrue(cheapest < bedrock && bedrock < dearest,
                "Bedrock " + bedrock + " inside the decentralized presets' range " + cheapest + " - " + dearest);
        for (String name : EXPECTED) {
            if (CENTRALIZED.contains(name)) {
                continue;
            }
            for (Scenario.NodeGroup g : new ScenarioLoader().load(preset(name)).nodes()) {
                if (g.gpu().equals("h100-sxm")) {
                    double perGpuHour = g.costPerHourUsd() / (g.tensorParallel() * g.pipelineStages());
                    assertTrue(perGpuHour < cheapestCloudH100, name + "/" + g.name() + ": H100-hour " + perGpuHour
                            + " below the clouds' " + cheapestCloudH100);
                }
            }
        }
    }

    /**
     * A preset with a token economy simulates a slice of its network (token.slice, with sources):
     * its network-wide budgets are scaled to the slice, so a node earns what the header cites for a
     * node of the real network, within 3x. Three simulated hours (three epochs), one replication.
     */
    @ParameterizedTest
    @MethodSource("presets")
    void aTokenPresetsNodesEarnWithinThreeTimesTheCitedRewardOfANodeOfItsNetwork(Path file) throws IOException {
        Scenario scenario = new ScenarioLoader().load(file);
        if (scenario.token() == null) {
            return;
        }
        assertTrue(scenario.token().slice() != null, file + ": a token economy states the slice of its network it simulates");
        double cited = scenario.token().slice().citedRewardsPerNodeDay();
        assertTrue(Double.isFinite(cited) && cited > 0, file + ": the slice cites what a node of the network earns a day");
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).contains("\n# Slice: "), file + ": the header explains the slice");
        String longer = Files.readString(file, StandardCharsets.UTF_8)
                .replaceAll("(?m)^duration: .*$", "duration: 3h")
                .replaceAll("(?m)^warmup: .*$", "warmup: 5min")
                .replaceAll("(?m)^replications: .*$", "replications: 1");
        ReplicationResult r = RunOutcome.run(new ScenarioLoader().parse(longer, file.getParent()), 1).replications().get(0);
        double earned = r.metric("operators.token_rewards_per_node_day");
        assertTrue(earned > cited / 3 && earned < cited * 3,
                file + ": a node earns " + earned + " tokens a day, the cited figure is " + cited + " (share " + r.metric("slice.share") + ")");
    }
}
