package io.dime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.network.Network;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * What the network adds to the latency a client sees. A request crosses the network twice
 * before its first token reaches the client: the prompt up, the first token down; each
 * crossing costs half the round trip, so a client further away sees TTFT larger by the
 * difference in round trips. Runs that differ only in the client's region see the same
 * arrivals (common random numbers) and, with a constant extra delay, the same queueing.
 */
class NetworkEffectsTest {
    private static final String SCENARIO = """
            name: net
            seed: 21
            duration: 10min
            replications: 2
            regions: [us-east, ap-south]
            network: %s
            nodes:
              - {name: pool, count: 2, gpu: h100-sxm, model: llama-3-8b, region: us-east}
            workload:
              - {name: chat, arrival: {process: poisson, rate: %s}, region: %s, prompt_tokens: 512, output_tokens: 50}
            routing: {policy: least-loaded}
            """;

    static Scenario scenario(String network, String rate, String clientRegion) {
        return new ScenarioLoader().parse(SCENARIO.formatted(network, rate, clientRegion));
    }

    static double rttSeconds(Scenario scenario, String from, String to) {
        Network network = Network.build(scenario.network(), Catalog.builtIn(), scenario.regions());
        return network.baseRttSeconds(network.regionIndex(from), network.regionIndex(to));
    }

    /** TTFT of clients in ap-south minus that of clients in us-east, per replication, in ms. */
    static double[] extraTtftMsOfFarClients(String network) {
        RunOutcome local = RunOutcome.run(scenario(network, "2/s", "us-east"), 2);
        RunOutcome far = RunOutcome.run(scenario(network, "2/s", "ap-south"), 2);
        double[] extra = new double[2];
        for (int i = 0; i < 2; i++) {
            assertTrue(far.replications().get(i).metric("requests.completed") > 1000);
            extra[i] = far.replications().get(i).metric("ttft_ms.mean") - local.replications().get(i).metric("ttft_ms.mean");
        }
        return extra;
    }

    @Test
    void farClientsSeeTtftLargerByTheDifferenceInRoundTrips() {
        Scenario s = scenario("{}", "2/s", "ap-south");
        double expectedMs = (rttSeconds(s, "ap-south", "us-east") - rttSeconds(s, "us-east", "us-east")) * 1e3;
        // Ashburn-Mumbai is about 13,000 km of great circle; times 1.9 route inflation, both ways,
        // at 204.2 km/ms in fibre: about 240 ms.
        assertEquals(240, expectedMs, 10, "formula round trip us-east to ap-south");
        for (double extra : extraTtftMsOfFarClients("{}")) {
            assertEquals(expectedMs, extra, 2.0, "extra TTFT of Mumbai clients served from Ashburn");
        }
    }

    @Test
    void aMeasuredRttOverridesTheFormulaAndMovesTtftWithIt() {
        String measured = "{rtt: {ap-south: {us-east: 400ms}}}";
        Scenario s = scenario(measured, "2/s", "ap-south");
        assertEquals(0.4, rttSeconds(s, "us-east", "ap-south"), 1e-12, "the override applies both ways");
        double expectedMs = (0.4 - rttSeconds(s, "us-east", "us-east")) * 1e3;
        for (double extra : extraTtftMsOfFarClients(measured)) {
            assertEquals(expectedMs, extra, 2.0, "extra TTFT with a measured 400 ms round trip");
        }
    }

    @Test
    void packetLossAddsTheExpectedRetransmissionsToTtft() {
        // Each of the two messages before the first token is lost a geometric number of times,
        // mean p / (1 − p), and each loss costs one retransmission timeout.
        double loss = 0.1;
        double rtoMs = 200;
        double expectedMs = 2 * loss / (1 - loss) * rtoMs;
        RunOutcome clean = RunOutcome.run(scenario("{}", "5/s", "us-east").withReplications(3), 2);
        RunOutcome lossy = RunOutcome.run(scenario("{loss: 0.1, retransmit_timeout: 200ms}", "5/s", "us-east").withReplications(3), 2);
        assertTrue(lossy.summary().get("requests.completed").mean() > 2500);
        double extra = lossy.summary().get("ttft_ms.mean").mean() - clean.summary().get("ttft_ms.mean").mean();
        assertEquals(expectedMs, extra, 0.2 * expectedMs, "extra TTFT from 10% loss at a 200 ms timeout");
        // Loss delays requests but never loses them: every one is accounted for.
        for (ReplicationResult r : lossy.replications()) {
            assertEquals(r.metric("requests.arrived"), r.metric("requests.completed") + r.metric("requests.in_flight"));
        }
    }
}
