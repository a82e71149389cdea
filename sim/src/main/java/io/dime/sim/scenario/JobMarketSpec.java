package io.dime.sim.scenario;

/**
 * Per-GPU-class job markets ({@code market.pricing: job-market}): every node group is a market
 * with a price per second of a job (its {@code price_per_hour} / 3600) and a job timeout (its
 * {@code job_timeout}, by default {@code timeoutSeconds}); a request is posted as a job whose
 * deposit is price × timeout, plus {@code networkFee} of that deposit to the protocol (stakers).
 */
public record JobMarketSpec(double timeoutSeconds, double networkFee) implements Scenario.Market.Mechanism {
    @Override
    public String pricing() {
        return "job-market";
    }
}
