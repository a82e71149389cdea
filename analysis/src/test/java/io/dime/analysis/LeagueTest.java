package io.dime.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.input.ScenarioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeagueTest {
    @TempDir
    Path dir;

    /** Two networks that differ in hardware, price and verification, each with a workload of its own. */
    @BeforeEach
    void networks() throws IOException {
        Files.createDirectories(dir.resolve("networks"));
        Files.writeString(dir.resolve("networks/gamers.yaml"), """
                name: gamers
                seed: 1
                duration: 2h
                replications: 5
                regions: [us-east, eu-west]
                nodes:
                  - {name: rigs, count: 8, gpu: rtx-4090, model: llama-3-8b, regions: {us-east: 0.5, eu-west: 0.5}}
                workload:
                  - {name: own, arrival: {rate: 9/s}, prompt_tokens: {dist: fixed, value: 100}, output_tokens: {dist: fixed, value: 50}}
                market: {pricing: posted, price_per_mtok: 2.5, protocol_fee: 0.1}
                verification: {scheme: spot-check, rate: 0.1}
                """);
        Files.writeString(dir.resolve("networks/cloud.yaml"), """
                name: cloud
                regions: [us-east, eu-west]
                nodes:
                  - {name: h100s, kind: centralized, count: 2, gpu: h100-sxm, model: llama-3-8b, region: us-east, price_per_mtok: 15}
                workload:
                  - {name: own, arrival: {rate: 1/s}, prompt_tokens: {dist: fixed, value: 100}, output_tokens: {dist: fixed, value: 50}}
                """);
        Files.writeString(dir.resolve("league.yaml"), """
                league:
                  name: two
                  networks: networks
                  seed: 11
                  replications: 3
                  duration: 10min
                  warmup: 1min
                  common:
                    workload:
                      - name: chat
                        arrival: {process: poisson, rate: 2/s}
                        prompt_tokens: {dist: lognormal, median: 300, sigma: 0.7, max: 2048}
                        output_tokens: {dist: lognormal, median: 120, sigma: 0.6, max: 1024}
                        regions: {us-east: 0.5, eu-west: 0.5}
                        slo: {ttft: 1s, e2e: 20s}
                    adversaries: [{strategy: lazy, share: 0.25, cheat_rate: 0.5}]
                """);
    }

    @Test
    void theCommonKeysReplaceEachNetworksOwnAndTheRestStays() {
        League.Spec spec = League.load(dir.resolve("league.yaml"));
        assertEquals(List.of(dir.resolve("networks/cloud.yaml"), dir.resolve("networks/gamers.yaml")), spec.networks(), "a folder, in name order");
        Scenario gamers = League.scenarioFor(spec, spec.networks().get(1));
        assertEquals("chat", gamers.workload().get(0).name());
        assertEquals(1, gamers.workload().size());
        assertEquals(11, gamers.seed());
        assertEquals(3, gamers.replications());
        assertEquals(600, gamers.durationSeconds(), 1e-9);
        assertEquals(1, gamers.adversaries().size());
        assertEquals("spot-check", gamers.verify().scheme(), "the network's own mechanism is kept");
        assertEquals(8, gamers.nodes().get(0).count());
    }

    @Test
    void everyNetworkSeesTheSameArrivalsAndTheTableTellsCloudsApart() throws IOException {
        League.Spec spec = League.load(dir.resolve("league.yaml"));
        List<League.Entry> entries = League.run(spec, 2, (done, total) -> { }).entries();
        assertEquals(List.of("cloud", "gamers"), entries.stream().map(League.Entry::name).toList());
        assertTrue(entries.get(0).centralized());
        assertFalse(entries.get(1).centralized());
        for (int r = 0; r < 3; r++) {
            // Common random numbers: replication r of both networks draws the same arrivals.
            assertEquals(entries.get(0).outcome().replications().get(r).metric("requests.arrived"),
                    entries.get(1).outcome().replications().get(r).metric("requests.arrived"), "replication " + r);
        }
        assertEquals(15.0, entries.get(0).outcome().summary().get("cost_per_mtok_usd.users").mean(), 1e-6);
        assertEquals(2.5, entries.get(1).outcome().summary().get("cost_per_mtok_usd.users").mean(), 1e-6);
        assertTrue(entries.get(1).outcome().summary().get("verify.undetected_fraud_rate").mean() > 0, "the common adversaries cheat");

        Path out = dir.resolve("out");
        League.write(out, spec, League.run(spec, 2, (d, t) -> { }));
        List<String> csv = Files.readAllLines(out.resolve("league.csv"));
        assertEquals("network,kind,model_class,load,saturated,metric,mean,ci_low,ci_high", csv.get(0));
        String cloudPrice = csv.stream().filter(l -> l.startsWith("cloud,centralized,8B,1.0,false,cost_per_mtok_usd.users,")).findFirst().orElseThrow();
        assertEquals(15.0, Double.parseDouble(cloudPrice.split(",")[6]), 1e-6, cloudPrice);
        assertEquals(2 * entries.get(0).outcome().summary().estimates().size(), csv.size() - 1, "a row per network and shared metric");
        assertTrue(Files.isRegularFile(out.resolve("0-cloud/summary.json")));
        assertTrue(Files.isRegularFile(out.resolve("1-gamers/scenario.resolved.yaml")));
    }

    @Test
    void badLeagueFilesAreToldWithTheirPlace() throws IOException {
        Path one = dir.resolve("one.yaml");
        Files.writeString(one, "league:\n  name: x\n  networks: [networks/cloud.yaml]\n");
        ScenarioException few = assertThrows(ScenarioException.class, () -> League.load(one));
        assertTrue(few.getMessage().contains("at least two networks"), few.getMessage());

        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "league:\n  name: x\n  networks: networks\n  replication: 3\n");
        ScenarioException unknown = assertThrows(ScenarioException.class, () -> League.load(typo));
        assertTrue(unknown.getMessage().contains("league.replication") && unknown.getMessage().contains("line 4"), unknown.getMessage());

        Path missing = dir.resolve("missing.yaml");
        Files.writeString(missing, "league:\n  name: x\n  networks: [networks/cloud.yaml, networks/nope.yaml]\n");
        ScenarioException none = assertThrows(ScenarioException.class, () -> League.load(missing));
        assertTrue(none.getMessage().contains("nope.yaml"), none.getMessage());

        Path badCommon = dir.resolve("bad-common.yaml");
        Files.writeString(badCommon, "league:\n  name: x\n  networks: networks\n  common:\n    workload: [{name: w, arrival: {rate: 5}}]\n");
        League.Spec spec = League.load(badCommon);
        ScenarioException merged = assertThrows(ScenarioException.class, () -> League.run(spec, 1, (d, t) -> { }));
        assertTrue(merged.getMessage().contains("cloud.yaml") && merged.getMessage().contains("time unit"), merged.getMessage());
    }

    @Test
    void claimsGetAVerdictFromTheLeaguesNumbers() throws IOException {
        Files.writeString(dir.resolve("claims.yaml"), Files.readString(dir.resolve("league.yaml")) + """
                claims:
                  - {id: cloud-price, claim: "clouds charge 14-16 USD per 1M tokens", kind: range, metric: cost_per_mtok_usd.users,
                     networks: centralized, range: [14, 16], source: "article A"}
                  - {id: undercut, claim: "decentralized undercuts clouds by 50-80%", kind: reduction, metric: cost_per_mtok_usd.users,
                     networks: decentralized, against: centralized, range: [0.5, 0.8]}
                  - {id: cheap-cloud, claim: "clouds charge under 5 USD", kind: range, metric: cost_per_mtok_usd.users, networks: [cloud], range: [0, 5]}
                  - {id: fast, claim: "sub-10 s TTFT on consumer GPUs", kind: below, metric: ttft_ms.p50, networks: [gamers], threshold: 10000}
                  - {id: instant, claim: "sub-1 ms TTFT", kind: below, metric: ttft_ms.p50, networks: decentralized, threshold: 1}
                  - {id: backwards, claim: "clouds are cheaper", kind: reduction, metric: cost_per_mtok_usd.users,
                     networks: centralized, against: [gamers], range: [0.1, 0.9]}
                """);
        League.Spec spec = League.load(dir.resolve("claims.yaml"));
        League.Result result = League.run(spec, 2, (d, t) -> { });
        List<Claim.Finding> findings = League.findings(spec, result);
        assertEquals(List.of("supported", "supported, and larger than claimed", "not supported", "supported", "not supported", "contradicted"),
                findings.stream().map(Claim.Finding::verdict).toList());
        assertEquals("2.50 vs 15.00: 83% lower", findings.get(1).computed(), "1 - 2.5/15");
        assertEquals("15.00 vs 2.50: 500% higher", findings.get(5).computed());
        Path out = dir.resolve("claims-out");
        League.write(out, spec, result);
        List<String> csv = Files.readAllLines(out.resolve("claims.csv"));
        assertEquals(7, csv.size());
        assertTrue(csv.get(1).startsWith("\"cloud-price\",\"clouds charge 14-16 USD per 1M tokens\",\"article A\""), csv.get(1));

        Files.writeString(dir.resolve("typo.yaml"), Files.readString(dir.resolve("league.yaml")) + """
                claims:
                  - {id: x, claim: "y", kind: range, metric: cost_per_mtok_usd.users, networks: [clowd], range: [0, 1]}
                """);
        League.Spec typo = League.load(dir.resolve("typo.yaml"));
        ScenarioException e = assertThrows(ScenarioException.class, () -> League.run(typo, 1, (d, t) -> { }));
        assertTrue(e.getMessage().contains("'clowd'") && e.getMessage().contains("cloud, gamers"), e.getMessage());
    }

    @Test
    void aScaleClaimRunsTheNetworkAtEachSizeAndAVanishingSavingIsSetBesideItsOverheads() throws IOException {
        Files.writeString(dir.resolve("sizes.yaml"), Files.readString(dir.resolve("league.yaml")) + """
                claims:
                  - {id: scale, claim: "cost falls with size", kind: scale, metric: cost_per_mtok_usd.operators, networks: [gamers],
                     sizes: [0.5, 1, 2], range: [0.2, 1.0]}
                  - {id: vanish, claim: "overheads cancel the saving", kind: vanishes, before: cost_per_mtok_usd.price,
                     metric: cost_per_mtok_usd.all_in, networks: [gamers], against: [cloud]}
                """);
        League.Spec spec = League.load(dir.resolve("sizes.yaml"));
        Scenario twice = League.scenarioFor(spec, spec.networks().get(1), 1, 2);
        assertEquals(16, twice.nodes().get(0).count(), "twice the nodes");
        assertEquals(4.0, ((io.dime.sim.workload.ArrivalSpec.Poisson) twice.workload().get(0).arrival()).ratePerSecond(), 1e-12,
                "and twice the common load, so each node sees the same");
        League.Result result = League.run(spec, 2, (d, t) -> { });
        League.Entry gamers = result.entries().get(1);
        assertTrue(gamers.estimate("size_2x.cost_per_mtok_usd.operators") != null && gamers.estimate("size_0.50x.cost_per_mtok_usd.operators") != null,
                "the runs at the other sizes are derived metrics of the entry: " + gamers.derived().keySet());
        List<Claim.Finding> findings = League.findings(spec, result);
        Claim.Finding scale = findings.get(0);
        assertTrue(scale.computed().startsWith("gamers ") && scale.computed().contains(" at 0.50x, ") && scale.computed().contains(" at 2x"),
                scale.computed());
        // Eight RTX 4090s at a fixed GPU-hour price, the load per node unchanged: no economy of scale worth 20%.
        assertTrue(List.of("contradicted", "weaker than claimed").contains(scale.verdict()), scale.verdict());
        Claim.Finding vanish = findings.get(1);
        assertEquals("not supported", vanish.verdict(), vanish.computed());
        assertTrue(vanish.computed().startsWith("before overheads 2.50 vs 15.00: 83% lower; all in "), vanish.computed());

        Files.writeString(dir.resolve("few.yaml"), Files.readString(dir.resolve("league.yaml")) + """
                claims:
                  - {id: s, claim: "x", kind: scale, metric: cost_per_mtok_usd.operators, networks: [gamers], sizes: [1, 2], range: [0.2, 1]}
                """);
        ScenarioException few = assertThrows(ScenarioException.class, () -> League.load(dir.resolve("few.yaml")));
        assertTrue(few.getMessage().contains("claims") && few.getMessage().contains("at least three"), few.getMessage());
    }
}
