package io.dime.sim.scenario;

/**
 * A market of leases ({@code market.pricing: lease}): each tenant (request class) keeps
 * {@code leasesPerTenant} leases of whole nodes; a lease is won in a reverse auction (the lowest
 * ask at or under {@code maxPricePerHourUsd} wins and is paid its ask), funded with
 * {@code escrowDepositUsd} in escrow, and paid every {@code blockSeconds} from it, less
 * {@code takeRate} to the protocol; when the escrow cannot pay the next block the provider closes
 * the lease and the tenant orders a new one. Each bid locks {@code bidDepositUsd} until it closes
 * (a winning bid's deposit stays locked until its lease closes).
 */
public record LeaseSpec(double blockSeconds, int leasesPerTenant, double maxPricePerHourUsd, double escrowDepositUsd, double takeRate,
        double bidDepositUsd) implements Scenario.Market.Mechanism {

    @Override
    public String pricing() {
        return "lease";
    }

    /** What one block of a lease priced {@code pricePerHourUsd} costs. */
    public double pricePerBlockUsd(double pricePerHourUsd) {
        return pricePerHourUsd * blockSeconds / 3600;
    }
}
