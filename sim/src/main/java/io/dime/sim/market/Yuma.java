package io.dime.sim.market;

import java.util.Arrays;

/**
 * Yuma-style consensus, the way a Bittensor subnet turns validators' weights on miners into
 * miners' incentive and validators' dividends (NETWORKS.md, Bittensor; opentensor docs on Yuma
 * consensus). One epoch:
 * <ol>
 *   <li>each validator's weights are normalized to sum 1;
 *   <li>per miner, the consensus weight is the highest weight that validators holding at least
 *       {@code kappa} of the stake give it or more (kappa 0.5: a stake-weighted median);
 *   <li>weights above consensus are clipped to it, so a validator cannot lift a miner alone;
 *   <li>a miner's rank is the stake-weighted sum of clipped weights; its incentive is its share
 *       of all ranks;
 *   <li>bonds: each validator's share of a miner's clipped support, as an exponential moving
 *       average with weight {@code bondAlpha}; dividends are bonds times incentive, normalized.
 * </ol>
 * The epoch's emission is then split between the subnet owner, miners (by incentive) and
 * validators (by dividends) with {@link #split}.
 */
public final class Yuma {
    private final double kappa;
    private final double bondAlpha;
    private double[][] bonds;

    /** The outcome of one epoch: per miner incentive, per validator dividends (each sums to 1, or all 0). */
    public record Epoch(double[] consensus, double[][] clippedWeights, double[] incentive, double[] dividends) {
    }

    public Yuma(double kappa, double bondAlpha) {
        if (!(kappa > 0 && kappa <= 1) || !(bondAlpha > 0 && bondAlpha <= 1)) {
            throw new IllegalArgumentException("kappa and bond alpha must lie in (0, 1]: " + kappa + ", " + bondAlpha);
        }
        this.kappa = kappa;
        this.bondAlpha = bondAlpha;
    }

    /** One epoch from validators' stakes and raw weights ({@code weights[validator][miner]}, any scale). */
    public Epoch epoch(double[] stake, double[][] weights) {
        int validators = stake.length;
        int miners = validators == 0 ? 0 : weights[0].length;
        double totalStake = Arrays.stream(stake).sum();
        double[] s = Arrays.stream(stake).map(x -> totalStake > 0 ? x / totalStake : 0).toArray();
        double[][] w = new double[validators][];
        for (int i = 0; i < validators; i++) {
            double rowSum = Arrays.stream(weights[i]).sum();
            w[i] = Arrays.stream(weights[i]).map(x -> rowSum > 0 ? Math.max(0, x) / rowSum : 0).toArray();
        }
        double[] consensus = new double[miners];
        for (int j = 0; j < miners; j++) {
            consensus[j] = consensus(s, w, j);
        }
        double[][] clipped = new double[validators][miners];
        double[] rank = new double[miners];
        for (int i = 0; i < validators; i++) {
            for (int j = 0; j < miners; j++) {
                clipped[i][j] = Math.min(w[i][j], consensus[j]);
                rank[j] += s[i] * clipped[i][j];
            }
        }
        double[] incentive = normalized(rank);

        if (bonds == null || bonds.length != validators || (validators > 0 && bonds[0].length != miners)) {
            bonds = new double[validators][miners];
        }
        for (int j = 0; j < miners; j++) {
            double support = rank[j]; // the stake behind miner j's clipped weights
            for (int i = 0; i < validators; i++) {
                double share = support > 0 ? s[i] * clipped[i][j] / support : 0;
                bonds[i][j] = bondAlpha * share + (1 - bondAlpha) * bonds[i][j];
            }
        }
        double[] dividends = new double[validators];
        for (int i = 0; i < validators; i++) {
            for (int j = 0; j < miners; j++) {
                dividends[i] += bonds[i][j] * incentive[j];
            }
        }
        return new Epoch(consensus, clipped, incentive, normalized(dividends));
    }

    /** Validator {@code validator}'s bond with miner {@code miner} after the last epoch (0 before any). */
    public double bond(int validator, int miner) {
        return bonds == null ? 0 : bonds[validator][miner];
    }

    /**
     * A miner's UID changed hands (deregistered and registered again): validators' bonds with the
     * old holder do not carry over to the new one (subtensor clears a replaced UID's bonds).
     */
    public void forgetMiner(int miner) {
        if (bonds == null) {
            return;
        }
        for (double[] row : bonds) {
            if (miner < row.length) {
                row[miner] = 0;
            }
        }
    }

    /**
     * The highest weight c such that validators holding at least kappa of the stake give miner j
     * a weight of c or more: the candidates are the weights given, checked from the top.
     */
    private double consensus(double[] s, double[][] w, int j) {
        double[] candidates = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            candidates[i] = w[i][j];
        }
        Arrays.sort(candidates);
        for (int k = candidates.length - 1; k >= 0; k--) {
            double c = candidates[k];
            double backing = 0;
            for (int i = 0; i < s.length; i++) {
                if (w[i][j] >= c) {
                    backing += s[i];
                }
            }
            if (backing >= kappa - 1e-12) {
                return c;
            }
        }
        return 0;
    }

    private static double[] normalized(double[] values) {
        double sum = Arrays.stream(values).sum();
        return Arrays.stream(values).map(v -> sum > 0 ? v / sum : 0).toArray();
    }

    /**
     * The epoch's emission split: {@code ownerShare} to the subnet owner, the rest halved
     * between miners by incentive and validators by dividends (Bittensor's 18% / 41% / 41%).
     * Returns {owner, miners[], validators[]} flattened: index 0 the owner, then miners, then
     * validators.
     */
    public static double[] split(double emission, double ownerShare, Epoch epoch) {
        int miners = epoch.incentive().length;
        int validators = epoch.dividends().length;
        double[] out = new double[1 + miners + validators];
        out[0] = emission * ownerShare;
        double half = emission * (1 - ownerShare) / 2;
        for (int j = 0; j < miners; j++) {
            out[1 + j] = half * epoch.incentive()[j];
        }
        for (int i = 0; i < validators; i++) {
            out[1 + miners + i] = half * epoch.dividends()[i];
        }
        return out;
    }
}
