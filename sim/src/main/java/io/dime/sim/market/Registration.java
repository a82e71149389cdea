package io.dime.sim.market;

import java.util.Arrays;

/**
 * A Bittensor subnet's UIDs: who holds one, since when, and what the next one costs.
 *
 * <p>An operator joining the subnet registers a UID by burning (recycling) the current burn
 * cost. Every adjustment interval the cost moves towards the target number of registrations:
 * {@code next = a·burn + (1 − a)·burn·(registrations + target) / (2·target)}, clamped to
 * [{@code minBurn}, {@code maxBurn}], where {@code a} is the adjustment alpha (the weight kept on
 * the old value): with {@code a = 0}, twice the target raises the cost by half, none halves it (opentensor
 * subtensor, {@code pallets/subtensor/src/coinbase/block_step.rs}, {@code upgraded_burn}, read
 * 2026; NETWORKS.md, Bittensor, "Registration"). A new UID is immune from deregistration for the
 * immunity period. When the subnet already holds {@code maxUids}, a registration replaces the
 * lowest-scoring UID out of immunity (ties: registered earliest, then lowest index); if every UID
 * is immune, the lowest-scoring immune one goes (subtensor {@code get_neuron_to_prune}, same
 * source). Newer subtensor code replaces the interval rule by a per-block decay and a bump per
 * registration; Dime follows the documented interval rule.
 *
 * <p>Time is seconds of simulated time; UIDs are node indices. This class keeps the books; the
 * economy pays the burn and retires the node a registration replaces.
 */
public final class Registration {
    /**
     * @param startBurnTokens          the burn cost at the start
     * @param minBurnTokens            the lowest the cost may fall
     * @param maxBurnTokens            the highest it may rise
     * @param adjustmentIntervalSeconds how often the cost adjusts
     * @param targetPerInterval        registrations per interval the cost steers towards
     * @param adjustmentAlpha          weight of the old cost in each adjustment, in [0, 1)
     * @param immunitySeconds          how long a new UID cannot be deregistered
     * @param maxUids                  UIDs the subnet holds at most
     * @param subnetPerOwnRegistration registrations the whole subnet sees for each one here: 1, or
     *                                 1 / share when these UIDs are a slice of the subnet whose
     *                                 other UIDs are taken to register alike
     */
    public record Settings(double startBurnTokens, double minBurnTokens, double maxBurnTokens, double adjustmentIntervalSeconds,
            int targetPerInterval, double adjustmentAlpha, double immunitySeconds, int maxUids, double subnetPerOwnRegistration) {
        public Settings(double startBurnTokens, double minBurnTokens, double maxBurnTokens, double adjustmentIntervalSeconds,
                int targetPerInterval, double adjustmentAlpha, double immunitySeconds, int maxUids) {
            this(startBurnTokens, minBurnTokens, maxBurnTokens, adjustmentIntervalSeconds, targetPerInterval, adjustmentAlpha, immunitySeconds, maxUids, 1);
        }

        public Settings {
            if (!(minBurnTokens >= 0 && minBurnTokens <= startBurnTokens && startBurnTokens <= maxBurnTokens)) {
                throw new IllegalArgumentException("burns must satisfy 0 <= min <= start <= max: " + minBurnTokens + ", " + startBurnTokens + ", " + maxBurnTokens);
            }
            if (targetPerInterval < 1 || maxUids < 1 || !(adjustmentIntervalSeconds > 0) || !(immunitySeconds >= 0)
                    || !(adjustmentAlpha >= 0 && adjustmentAlpha < 1) || !(subnetPerOwnRegistration >= 1)) {
                throw new IllegalArgumentException("registration settings out of range: " + this);
            }
        }
    }

    /** No UID, or registered at this time; genesis UIDs were registered long before the run. */
    private static final double NONE = Double.NaN;
    private static final double GENESIS = Double.NEGATIVE_INFINITY;

    private final Settings settings;
    private final double[] registeredAt;
    private double burnTokens;
    private int uids;
    private int registrationsThisInterval;

    public Registration(Settings settings, int nodes) {
        this.settings = settings;
        this.registeredAt = new double[nodes];
        Arrays.fill(registeredAt, NONE);
        this.burnTokens = settings.startBurnTokens();
    }

    public Settings settings() {
        return settings;
    }

    /** Tokens a registration burns now. */
    public double burnCostTokens() {
        return burnTokens;
    }

    /** UIDs held now. */
    public int uids() {
        return uids;
    }

    public int registrationsThisInterval() {
        return registrationsThisInterval;
    }

    public boolean holdsUid(int node) {
        return !Double.isNaN(registeredAt[node]);
    }

    public boolean isImmune(int node, double nowSeconds) {
        return holdsUid(node) && nowSeconds - registeredAt[node] < settings.immunitySeconds();
    }

    /** A UID held since before the run: not immune, and no burn. */
    public void registerAtGenesis(int node) {
        if (holdsUid(node)) {
            return;
        }
        if (uids >= settings.maxUids()) {
            throw new IllegalStateException("the subnet starts with more UIDs than max_uids " + settings.maxUids());
        }
        registeredAt[node] = GENESIS;
        uids++;
    }

    /**
     * Registers {@code node} now (its operator has paid {@link #burnCostTokens()}). Returns the node
     * whose UID it replaces when the subnet was full, or -1.
     *
     * @param pruningScore per node, what ranks UIDs for deregistration (the last epoch's emission)
     */
    public int register(int node, double nowSeconds, double[] pruningScore) {
        if (holdsUid(node)) {
            throw new IllegalStateException("node " + node + " already holds a UID");
        }
        int replaced = -1;
        if (uids >= settings.maxUids()) {
            replaced = nodeToPrune(nowSeconds, pruningScore);
            release(replaced);
        }
        registeredAt[node] = nowSeconds;
        uids++;
        registrationsThisInterval++;
        return replaced;
    }

    /** The UID to deregister: the lowest-scoring one out of immunity, else the lowest-scoring immune one. */
    int nodeToPrune(double nowSeconds, double[] pruningScore) {
        int bestFree = -1;
        int bestImmune = -1;
        for (int node = 0; node < registeredAt.length; node++) {
            if (!holdsUid(node)) {
                continue;
            }
            if (isImmune(node, nowSeconds)) {
                bestImmune = lower(bestImmune, node, pruningScore);
            } else {
                bestFree = lower(bestFree, node, pruningScore);
            }
        }
        return bestFree >= 0 ? bestFree : bestImmune;
    }

    /** Of two UID holders, the one to prune first: lower score, then earlier registration, then lower index. */
    private int lower(int best, int node, double[] score) {
        if (best < 0 || score[node] < score[best]) {
            return node;
        }
        if (score[node] == score[best] && registeredAt[node] < registeredAt[best]) {
            return node;
        }
        return best;
    }

    /** The node gives up its UID (it left the subnet, or was replaced). */
    public void release(int node) {
        if (holdsUid(node)) {
            registeredAt[node] = NONE;
            uids--;
        }
    }

    /**
     * The end of an adjustment interval: the burn cost moves towards the target, and the count
     * restarts. The count is the subnet's: in a slice, the slice's registrations times
     * {@code subnetPerOwnRegistration}.
     */
    public void adjustBurn() {
        int target = settings.targetPerInterval();
        double subnetRegistrations = registrationsThisInterval * settings.subnetPerOwnRegistration();
        double towards = burnTokens * (subnetRegistrations + target) / (2.0 * target);
        double next = settings.adjustmentAlpha() * burnTokens + (1 - settings.adjustmentAlpha()) * towards;
        burnTokens = Math.max(settings.minBurnTokens(), Math.min(settings.maxBurnTokens(), next));
        registrationsThisInterval = 0;
    }
}
