package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class YumaTest {
    @Test
    void consensusIsTheStakeWeightedMedianAndAStrayValidatorIsClipped() {
        // Three validators, 40/35/25% of the stake, weigh three miners. The third favours miner 2.
        double[] stake = {40, 35, 25};
        double[][] weights = {{0.5, 0.3, 0.2}, {0.5, 0.3, 0.2}, {0.0, 0.0, 1.0}};
        Yuma.Epoch epoch = new Yuma(0.5, 0.1).epoch(stake, weights);
        assertArrayEquals(new double[] {0.5, 0.3, 0.2}, epoch.consensus(), 1e-12, "the 75% majority decides every miner");
        assertEquals(0.2, epoch.clippedWeights()[2][2], 1e-12, "the stray weight of 1.0 is clipped to consensus");
        // Ranks: 0.75 * (0.5, 0.3, 0.2) + 0.25 * (0, 0, 0.2) = (0.375, 0.225, 0.2); incentive is their share.
        assertArrayEquals(new double[] {0.375 / 0.8, 0.225 / 0.8, 0.2 / 0.8}, epoch.incentive(), 1e-12);
    }

    @Test
    void withoutClippingTheStrayValidatorWouldHaveMovedMinerIncentive() {
        double[] stake = {40, 35, 25};
        double[][] weights = {{0.5, 0.3, 0.2}, {0.5, 0.3, 0.2}, {0.0, 0.0, 1.0}};
        Yuma.Epoch withStray = new Yuma(0.5, 0.1).epoch(stake, weights);
        Yuma.Epoch honest = new Yuma(0.5, 0.1).epoch(stake, new double[][] {{0.5, 0.3, 0.2}, {0.5, 0.3, 0.2}, {0.5, 0.3, 0.2}});
        // A plain stake-weighted average would give miner 2 0.75*0.2 + 0.25*1.0 = 0.4 of the ranks; Yuma keeps it at or below its consensus.
        assertTrue(withStray.incentive()[2] <= 0.25 + 1e-12, Arrays.toString(withStray.incentive()));
        assertEquals(0.2, honest.incentive()[2], 1e-12);
    }

    @Test
    void validatorsWhoAgreeWithConsensusEarnMoreDividendsPerStake() {
        double[] stake = {40, 35, 25};
        double[][] weights = {{0.5, 0.3, 0.2}, {0.5, 0.3, 0.2}, {0.0, 0.0, 1.0}};
        Yuma yuma = new Yuma(0.5, 0.1);
        Yuma.Epoch epoch = null;
        for (int t = 0; t < 60; t++) {
            epoch = yuma.epoch(stake, weights); // bonds settle over epochs
        }
        double[] perStake = new double[3];
        for (int i = 0; i < 3; i++) {
            perStake[i] = epoch.dividends()[i] / (stake[i] / 100);
        }
        assertEquals(1, Arrays.stream(epoch.dividends()).sum(), 1e-9);
        assertEquals(perStake[0], perStake[1], 1e-9, "the two in consensus earn alike per stake");
        assertTrue(perStake[2] < 0.5 * perStake[0], "the stray validator earns far less per stake: " + Arrays.toString(perStake));
    }

    @Test
    void theEmissionSplitsEighteenFortyOneFortyOne() {
        Yuma.Epoch epoch = new Yuma(0.5, 0.1).epoch(new double[] {1, 1}, new double[][] {{1, 3}, {1, 3}});
        double[] split = Yuma.split(1000, 0.18, epoch);
        assertEquals(180, split[0], 1e-9);
        assertEquals(410 * 0.25, split[1], 1e-9);
        assertEquals(410 * 0.75, split[2], 1e-9);
        assertEquals(205, split[3], 1e-9);
        assertEquals(1000, Arrays.stream(split).sum(), 1e-9, "nothing created or lost");
    }

    @Test
    void aReplacedMinerStartsWithoutTheOldHoldersBonds() {
        double[] stake = {1, 1};
        double[][] weights = {{0.5, 0.5}, {0.5, 0.5}};
        Yuma yuma = new Yuma(0.5, 0.1);
        for (int t = 0; t < 30; t++) {
            yuma.epoch(stake, weights);
        }
        double settled = 0.5 * (1 - Math.pow(0.9, 30)); // each validator's share 0.5, EMA from 0
        assertEquals(settled, yuma.bond(0, 1), 1e-12);
        yuma.forgetMiner(1);
        assertEquals(0, yuma.bond(0, 1));
        assertEquals(settled, yuma.bond(0, 0), 1e-12, "other miners keep their bonds");
        yuma.epoch(stake, weights);
        assertEquals(0.1 * 0.5, yuma.bond(1, 1), 1e-12, "the new holder's bonds grow from zero");
    }
}
