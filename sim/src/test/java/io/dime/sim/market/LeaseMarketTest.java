package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.LeaseSpec;
import io.dime.sim.token.Account;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lease market on its own: reverse auctions under the tenant's maximum, per-block payment
 * from escrow less the take rate, closure when the escrow runs dry and the re-auction after it,
 * bid deposits, and a provider that leaves.
 */
class LeaseMarketTest {
    /** A world of always-up nodes that records what the market did, with times. */
    private static final class Recorder implements LeaseMarket.Host {
        final Simulation sim;
        final boolean[] left;
        final List<String> events = new ArrayList<>();
        double tenantPaid;
        double providersReceived;

        Recorder(Simulation sim, int nodes) {
            this.sim = sim;
            this.left = new boolean[nodes];
        }

        @Override
        public boolean canHost(int node) {
            return !left[node];
        }

        @Override
        public boolean hasLeft(int node) {
            return left[node];
        }

        @Override
        public void leaseOpened(int tenant, int node) {
            events.add("open " + tenant + "@" + node + " t=" + (long) sim.now());
        }

        @Override
        public void leaseClosed(int tenant, int node) {
            events.add("close " + tenant + "@" + node + " t=" + (long) sim.now());
        }

        @Override
        public void blockPaid(int tenant, int node, double tenantUsd, double providerUsd) {
            tenantPaid += tenantUsd;
            providersReceived += providerUsd;
        }
    }

    private static LeaseMarket market(Simulation sim, Recorder host, LeaseSpec spec, double[] asks, int tenants) {
        int[][] eligible = new int[tenants][];
        List<String> names = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            eligible[t] = java.util.stream.IntStream.range(0, asks.length).toArray();
            names.add("tenant" + t);
        }
        return new LeaseMarket(spec, sim, host, sim.random().stream("ties"), asks, eligible, names, 0);
    }

    @Test
    void theLowestAsksAtOrUnderTheTenantsMaximumWinAndArePaidTheirAsks() {
        Simulation sim = new Simulation(1);
        double[] asks = {3.0, 1.0, 2.0, 5.0, 2.5};
        Recorder host = new Recorder(sim, asks.length);
        // Two leases, max 2.5: nodes 1 (1.0) and 2 (2.0) win; 4 asks exactly the maximum and would be next.
        LeaseMarket market = market(sim, host, new LeaseSpec(6, 2, 2.5, 100, 0.2, 0), asks, 1);
        market.start();
        sim.runUntil(60);
        assertEquals(List.of("open 0@1 t=0", "open 0@2 t=0"), host.events);
        assertEquals(1.0, market.leasePricePerHourUsd(1), "pay as bid");
        assertEquals(2.0, market.leasePricePerHourUsd(2));
        assertEquals(-1, market.tenantOf(0));
        // 10 blocks of 6 s at 1.0 + 2.0 USD/h.
        assertEquals(10 * 6 * 3.0 / 3600, host.tenantPaid, 1e-12);
        market.checkInvariants();

        // A third lease: the ask at the maximum is accepted, those above it are not.
        Simulation sim3 = new Simulation(1);
        Recorder host3 = new Recorder(sim3, asks.length);
        LeaseMarket three = market(sim3, host3, new LeaseSpec(6, 4, 2.5, 100, 0.2, 0), asks, 1);
        three.start();
        sim3.runUntil(60);
        assertEquals(3, three.leasesHeld(0), "the fourth lease finds no ask at or under 2.5");
        assertEquals(0, three.tenantOf(4), "an ask equal to the maximum qualifies");
        assertEquals(-1, three.tenantOf(0));
        assertEquals(-1, three.tenantOf(3));
        assertTrue(three.metrics().get("leases.unfilled_orders") >= 10, "the unfilled order is placed again every block");
    }

    @Test
    void nothingAboveTheTenantsMaximumIsEverAccepted() {
        Simulation sim = new Simulation(1);
        double[] asks = {2.01, 4.0, 9.0};
        Recorder host = new Recorder(sim, asks.length);
        LeaseMarket market = market(sim, host, new LeaseSpec(6, 1, 2.0, 100, 0.2, 0), asks, 1);
        market.start();
        sim.runUntil(3600);
        assertTrue(host.events.isEmpty(), "no lease: " + host.events);
        assertEquals(0, market.leasesHeld(0));
        assertEquals(0, host.tenantPaid);
        assertEquals(600, market.metrics().get("leases.unfilled_orders"), "one unfilled order a block, 600 blocks in an hour");
        market.checkInvariants();
    }

    @Test
    void aLeaseWhoseEscrowRunsDryIsClosedByItsProviderAndTheTenantWinsANewOne() {
        Simulation sim = new Simulation(1);
        // 3.6 USD/h in 10 s blocks is 0.01 a block; a deposit of 0.05 pays exactly 5 blocks.
        double[] asks = {3.6, 7.2};
        Recorder host = new Recorder(sim, asks.length);
        LeaseMarket market = market(sim, host, new LeaseSpec(10, 1, 10, 0.05, 0.2, 0), asks, 1);
        market.start();
        sim.runUntil(125);
        // Paid at 10..50, dry at 50 and closed; the new order closes a block later, at 60; again at 110 and 120.
        assertEquals(List.of("open 0@0 t=0", "close 0@0 t=50", "open 0@0 t=60", "close 0@0 t=110", "open 0@0 t=120"), host.events,
                "the cheapest provider is free again and wins the re-auction");
        assertEquals(2, market.metrics().get("leases.closed_escrow_dry"));
        assertEquals(3, market.metrics().get("leases.won"));
        assertEquals(10 * 0.01, host.tenantPaid, 1e-12, "ten blocks paid, none while the tenant had no lease");
        assertEquals(0.05, market.escrowUsd(), 1e-12, "the open lease's full deposit is in escrow");
        market.checkInvariants();
    }

    @Test
    void theTakeRatesShareOfEveryBlockReachesTheProtocol() {
        Simulation sim = new Simulation(1);
        double[] asks = {1.3, 2.7, 0.9, 4.4};
        Recorder host = new Recorder(sim, asks.length);
        LeaseMarket market = market(sim, host, new LeaseSpec(6, 2, 5, 0.37, 0.2, 0.25), asks, 2);
        market.start();
        sim.runUntil(7200);
        assertTrue(market.metrics().get("leases.closed_escrow_dry") > 10, "leases turn over: " + market.metrics());
        assertEquals(0.2 * market.blockPaymentsUsd(), market.protocolUsd(), 1e-12, "the protocol gets 20% of every block");
        assertEquals(market.blockPaymentsUsd(), host.tenantPaid, 1e-12);
        assertEquals(0.8 * host.tenantPaid, host.providersReceived, 1e-12, "providers get the other 80%");
        assertEquals(market.metrics().get("leases.take_usd"), market.protocolUsd(), 1e-12);
        market.checkInvariants();
    }

    @Test
    void bidDepositsAreLockedWhileBidsAreOpenAndAWinnersUntilItsLeaseCloses() {
        Simulation sim = new Simulation(1);
        double[] asks = {3.6, 5.0, 6.0};
        Recorder host = new Recorder(sim, asks.length);
        LeaseMarket market = market(sim, host, new LeaseSpec(10, 1, 10, 0.05, 0.2, 1.0), asks, 1);
        Account deposits = market.ledger().account("bid-deposits");
        market.start();
        assertEquals(1.0, deposits.usd(), 1e-12, "at time 0 three bids closed: the two losers' deposits returned, the winner's held");
        sim.runUntil(55);
        // Closed at 50 (escrow dry): its deposit returned; the new order's three bids are open until 60.
        assertEquals(3.0, deposits.usd(), 1e-12);
        sim.runUntil(65);
        assertEquals(1.0, deposits.usd(), 1e-12);
        market.checkInvariants();
    }

    @Test
    void aLeaseWhoseProviderLeftClosesWithItsEscrowRefundedAndTheTenantLeasesAnotherNode() {
        Simulation sim = new Simulation(1);
        double[] asks = {1.0, 2.0};
        Recorder host = new Recorder(sim, asks.length);
        LeaseMarket market = market(sim, host, new LeaseSpec(6, 1, 10, 5, 0.2, 0), asks, 1);
        market.start();
        sim.runUntil(31);
        host.left[0] = true;
        sim.runUntil(61);
        assertEquals(List.of("open 0@0 t=0", "close 0@0 t=36", "open 0@1 t=42"), host.events);
        assertEquals(1, market.metrics().get("leases.closed_provider_left"));
        Account tenant = market.ledger().account("tenants/tenant0", true);
        // Paid: 5 blocks at 1.0 USD/h (6..30), then 3 at 2.0 (48..60); escrow holds the second lease's rest.
        double paid = 5 * 6 * 1.0 / 3600 + 3 * 6 * 2.0 / 3600;
        assertEquals(paid, host.tenantPaid, 1e-12);
        assertEquals(-(paid + market.escrowUsd()), tenant.usd(), 1e-12, "the first lease's rest came back to the tenant");
        market.checkInvariants();
    }

    @Test
    void twoTenantsNeverShareANode() {
        Simulation sim = new Simulation(3);
        double[] asks = new double[10];
        Arrays.fill(asks, 1.0); // all tied: winners drawn at random
        Recorder host = new Recorder(sim, asks.length);
        LeaseMarket market = market(sim, host, new LeaseSpec(6, 4, 10, 0.02, 0.2, 0), asks, 2);
        market.start();
        for (int t = 60; t <= 3600; t += 60) {
            sim.runUntil(t);
            int held = 0;
            for (int node = 0; node < asks.length; node++) {
                held += market.tenantOf(node) >= 0 ? 1 : 0;
            }
            assertEquals(market.leasesHeld(0) + market.leasesHeld(1), held, "one lease per node");
        }
        market.checkInvariants();
    }
}
