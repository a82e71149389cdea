package io.dime.sim.scenario;

/**
 * How demand answers price and quality. Each epoch the request rate is scaled by
 * (price / referencePrice)^(−elasticity), capped at {@code maxMultiplier}; and a share of users
 * defects to a centralized baseline after SLO misses (growing by defectRate × miss share of the
 * users who stay) and returns at {@code returnRate} per epoch.
 */
public record DemandSpec(double elasticity, double referencePriceUsd, double maxMultiplier, double defectRate, double returnRate) {
}
