package io.dime.sim.scenario;

/**
 * How a node group's operators come and go with profit: {@code initial} of its {@code count}
 * nodes are active at the start; when the group's active nodes earned more than
 * {@code joinThresholdUsdPerHour} each over the last {@code windowSeconds}, {@code joinStep}
 * more join after {@code onboardingSeconds}; a node that lost money for {@code leaveAfterSeconds}
 * in a row leaves.
 */
public record SupplySpec(int initial, double joinThresholdUsdPerHour, double windowSeconds, double onboardingSeconds,
        int joinStep, double leaveAfterSeconds) {
}
