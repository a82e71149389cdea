package io.dime.sim.verify;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Who cheats, who checks, and what happens to those caught, for one replication.
 *
 * <p>Cheating is decided when a node returns a result: an adversarial node returns a wrong
 * one with its cheat rate. The work is still simulated (the node stays as busy as an honest
 * one would be); what a cheater gains is accounted instead: the GPU cost of the request
 * ({@code saved_share} of it for a substituted cheaper model), as the proof-of-sampling game
 * has it. Checks that need computation run as real requests ("shadow" work) on other nodes,
 * so they cost capacity, GPU-hours and money like everything else; checks that need time add
 * it to the user's latency (redundancy waits for a majority; a zk proof when the user waits for
 * it) or to the payment (optimistic challenge windows, proofs).
 *
 * <p>Each scheme is one class behind {@link Schemes}; adversaries and their learning are in
 * {@link Adversaries}; the consequences of a check, and their counts, in {@link Checks}.
 */
public final class Verifier {
    /** What the verifier may do in the world. */
    public interface Host {
        Simulation sim();

        int nodeCount();

        boolean isDecentralized(int node);

        boolean isUp(int node);

        /** The node's hourly cost in USD, over 3600. */
        double costPerSecond(int node);

        String group(int node);

        /**
         * Runs verification work of these lengths on some node other than {@code avoid} (and not
         * in {@code alsoAvoid}); {@code done} gets the finished shadow request, or one with a NaN
         * end time if it was lost.
         */
        Request submitShadow(int avoid, List<Integer> alsoAvoid, int promptTokens, int outputTokens, Consumer<Request> done);

        /** A caught operator: penalty, withheld revenue, reputation, perhaps ejection. */
        void punish(int node, double withheldUsd, double reputationFactor);

        void eject(int node);

        void readmit(int node);

        /** Finalizes a user request that was waiting for verification, at the current time. */
        void release(Request request);
    }

    private final VerificationSpec spec;
    private final Host host;
    private final Simulation sim;
    private final RandomGenerator random;
    private final Role[] roles;
    private final Checks checks;
    private final Scheme scheme;
    private final List<String> timeseries = new ArrayList<>();

    public Verifier(Scenario scenario, Host host, RandomGenerator random) {
        this.spec = scenario.verify();
        this.host = host;
        this.sim = host.sim();
        this.random = random;
        this.roles = Adversaries.assign(scenario, host, random);
        this.checks = new Checks(host, random, spec, roles);
        this.scheme = Schemes.create(spec.check(), checks, scenario);
    }

    public boolean isAdversarial(int node) {
        return roles[node] != null;
    }

    /** Service-time multiplier of the scheme on every node (TEE). */
    public static double serviceMultiplier(VerificationSpec spec) {
        return spec.check() instanceof VerificationSpec.Tee tee ? 1 + tee.overhead() : 1;
    }

    public void start() {
        sim.every(spec.consequences().epochSeconds(), this::endEpoch);
    }

    /** Called when a user request is routed: redundancy starts its replicas with it. */
    public void onRouted(Request request, int node) {
        scheme.onRouted(request, node);
    }

    /**
     * A node returned a user request's result. Returns true when the user must wait (the
     * verifier calls {@link Host#release} later), false when the result stands now.
     */
    public boolean onResult(Request request, int node, double operatorUsd) {
        boolean measured = request.measured;
        Tally tally = checks.tally;
        checks.participations[node]++;
        if (measured) {
            tally.userResults++;
            tally.userGpuSeconds += request.gpuSeconds();
            tally.requestCostUsd += request.gpuSeconds() * host.costPerSecond(node);
            tally.requestRewardUsd += operatorUsd;
        }
        Role role = roles[node];
        request.recordCheat(role != null && decidesToCheat(role));
        double savedUsd = request.cheated() ? request.gpuSeconds() * host.costPerSecond(node) * role.adversary.savedShare() : 0;
        if (request.cheated()) {
            role.epochCheats++;
            role.epochGain += savedUsd;
            if (measured) {
                tally.cheated++;
                tally.epochCheated++;
                checks.nodeSaved[node] += savedUsd;
            }
        }
        return scheme.onResult(request, node, operatorUsd, role);
    }

    private boolean decidesToCheat(Role role) {
        if (!scheme.colludersCheatAlone() && role.colludes()) {
            return false; // colluders cheat under redundancy only when they hold the majority (Vote)
        }
        return random.nextDouble() < role.cheatRate;
    }

    /** Ejection counts one epoch's catches; rational cheaters learn; the epoch's row of the time series. */
    private void endEpoch() {
        java.util.Arrays.fill(checks.catches, 0);
        java.util.Arrays.fill(checks.participations, 0);
        double rate = Adversaries.learn(roles);
        timeseries.add(String.format(Locale.ROOT, "%.4f,%s,%d,%d", sim.now() / 3600,
                Double.isNaN(rate) ? "" : String.format(Locale.ROOT, "%.6f", rate), checks.tally.epochCheated, checks.tally.epochDetected));
        checks.tally.epochCheated = 0;
        checks.tally.epochDetected = 0;
    }

    public static String timeseriesHeader() {
        return "replication,scheme,time_h,rational_cheat_rate,cheated,detected";
    }

    public List<String> timeseriesRows(int replication) {
        List<String> rows = new ArrayList<>();
        for (String row : timeseries) {
            rows.add(replication + "," + spec.scheme() + "," + row);
        }
        return rows;
    }

    /**
     * @param nodeRevenueUsd what each node earned (service revenue, after withholding)
     * @param nodeCostUsd    what each node's GPU-hours cost
     */
    public Map<String, Double> metrics(double[] nodeRevenueUsd, double[] nodeCostUsd) {
        Map<String, Double> m = checks.tally.metrics();
        double honestNet = 0;
        double honestCost = 0;
        double cheaterNet = 0;
        double cheaterCost = 0;
        for (int node = 0; node < roles.length; node++) {
            if (!host.isDecentralized(node)) {
                continue;
            }
            double net = nodeRevenueUsd[node] + checks.nodeSaved[node] - checks.nodePenalty[node] - nodeCostUsd[node];
            if (roles[node] == null) {
                honestNet += net;
                honestCost += nodeCostUsd[node];
            } else {
                cheaterNet += net;
                cheaterCost += nodeCostUsd[node];
            }
        }
        m.put("verify.roi.honest", honestCost == 0 ? Double.NaN : honestNet / honestCost);
        m.put("verify.roi.cheater", cheaterCost == 0 ? Double.NaN : cheaterNet / cheaterCost);
        m.put("verify.rational_cheat_rate_end", Adversaries.meanRationalRate(roles));
        scheme.metrics(m);
        return m;
    }
}
