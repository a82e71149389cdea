package io.dime.sim.market;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.LeaseSpec;
import io.dime.sim.token.Account;
import io.dime.sim.token.Asset;
import io.dime.sim.token.Ledger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Leases of whole nodes, won in reverse auctions and paid per block from escrow, less a take
 * rate (Akash's marketplace: NETWORKS.md; akash.network/docs bids-and-leases and payments).
 *
 * <p>Each tenant keeps {@link LeaseSpec#leasesPerTenant()} leases. A tenant short of a lease
 * places an order; every node free to take it (up, not leased, of a group that serves the
 * tenant) whose ask is at or under the tenant's maximum bids, locking a bid deposit; the order
 * closes at the next block and the lowest ask among bidders still free wins (ties drawn at
 * random) and is paid its ask (pay as bid). Losing bids are closed and their deposits returned;
 * the winning bid's deposit stays locked until its lease closes. The tenant funds the new
 * lease's escrow with the escrow deposit. At every block each lease pays one block of its price
 * from its escrow: the provider receives it less the take rate, which goes to the protocol. A
 * lease whose escrow cannot pay the next block is closed by its provider (the rest of the
 * escrow goes back to the tenant), and so is a lease whose provider left the market; the tenant
 * then orders again. An order no node could win is placed again at the next block. The
 * orders of the first block are placed before the run and close at time 0, so a run starts
 * with its leases held.
 *
 * <p>Money sits in one {@link Ledger} (USD only): {@code tenants/NAME} (paying in from outside),
 * {@code escrow} (the open leases' balances), {@code bid-deposits}, {@code providers} (their
 * receipts less the deposits they have locked) and {@code protocol}. {@link #checkInvariants()}
 * checks that no dollar was created or lost, that the escrow account holds exactly the open
 * leases' balances and the deposit account the locked deposits, and that the protocol received
 * exactly the take rate of every block paid.
 */
public final class LeaseMarket {
    /** What the market sees of the nodes and tells the world. */
    public interface Host {
        /** Whether the node can bid and take a lease now: up (a retired node is not). */
        boolean canHost(int node);

        /** Whether the node's provider has left the market (retired, ejected): its lease closes. */
        boolean hasLeft(int node);

        void leaseOpened(int tenant, int node);

        void leaseClosed(int tenant, int node);

        /** One block of a lease: the tenant paid {@code tenantUsd}, the provider received {@code providerUsd}, the protocol the rest. */
        void blockPaid(int tenant, int node, double tenantUsd, double providerUsd);
    }

    /** Why a lease closed. */
    private enum Closure { ESCROW_DRY, PROVIDER_LEFT }

    /** An open lease: a tenant's use of a node at {@code pricePerHourUsd}, paid from its escrow balance. */
    private static final class Lease {
        final int tenant;
        final int node;
        final double pricePerHourUsd;
        final double pricePerBlockUsd;
        final double bidDepositUsd;
        double escrowUsd;

        Lease(int tenant, int node, double pricePerHourUsd, double pricePerBlockUsd, double bidDepositUsd, double escrowUsd) {
            this.tenant = tenant;
            this.node = node;
            this.pricePerHourUsd = pricePerHourUsd;
            this.pricePerBlockUsd = pricePerBlockUsd;
            this.bidDepositUsd = bidDepositUsd;
            this.escrowUsd = escrowUsd;
        }
    }

    /** A provider's bid on an order: its node, its ask, the deposit it locked. */
    private record Bid(int node, double askPerHourUsd, double depositUsd) {
    }

    /** A tenant's order for one lease, with the bids placed on it. */
    private record Order(int tenant, List<Bid> bids) {
    }

    /**
     * A lease's escrow that falls short of one block by less than this share of it is still
     * counted as a full block: a deposit of exactly k blocks pays k blocks despite rounding.
     */
    private static final double BLOCK_TOLERANCE = 1e-9;

    private final LeaseSpec spec;
    private final Simulation sim;
    private final Host host;
    private final RandomGenerator ties;
    private final double[] askPerHourUsd;
    private final int[][] eligibleNodes;
    private final Lease[] leaseOfNode;
    private final List<Lease> open = new ArrayList<>();
    private final ArrayDeque<Order> orders = new ArrayDeque<>();
    private final int[] leasesHeld;
    private final double measuredFrom;

    private final Ledger ledger = new Ledger(0, "genesis");
    private final Account[] tenants;
    private final Account escrow;
    private final Account bidDeposits;
    private final Account providers;
    private final Account protocol;
    private double lockedBidDepositsUsd;
    private double blockPaymentsUsd;

    // Counted over the measured window (blocks after measuredFrom).
    private long leasesWon;
    private long closedDry;
    private long closedProviderLeft;
    private long unfilledOrders;
    private double wonPricePerHourSum;
    private double measuredTenantPaidUsd;
    private double measuredTakeUsd;

    /**
     * @param askPerHourUsd   by node: its provider's ask for a lease, USD per hour
     * @param eligibleNodes   by tenant: the nodes that may serve it, in node order
     * @param tenantNames     by tenant: names of the tenants' accounts
     * @param measuredFromSeconds blocks paid after this time count in {@link #metrics()}
     */
    public LeaseMarket(LeaseSpec spec, Simulation sim, Host host, RandomGenerator ties, double[] askPerHourUsd, int[][] eligibleNodes,
            List<String> tenantNames, double measuredFromSeconds) {
        this.spec = spec;
        this.sim = sim;
        ledger.traceInto(sim::trace);
        this.host = host;
        this.ties = ties;
        this.askPerHourUsd = askPerHourUsd.clone();
        this.eligibleNodes = eligibleNodes.clone();
        this.leaseOfNode = new Lease[askPerHourUsd.length];
        this.leasesHeld = new int[eligibleNodes.length];
        this.measuredFrom = measuredFromSeconds;
        this.tenants = new Account[tenantNames.size()];
        for (int t = 0; t < tenants.length; t++) {
            tenants[t] = ledger.account("tenants/" + tenantNames.get(t), true);
        }
        this.escrow = ledger.account("escrow");
        this.bidDeposits = ledger.account("bid-deposits");
        // Providers lock bid deposits before they have earned anything: money from outside.
        this.providers = ledger.account("providers", true);
        this.protocol = ledger.account("protocol");
    }

    /** Clears the first orders at once (leases held from time 0) and starts the block clock. */
    public void start() {
        for (int k = 0; k < spec.leasesPerTenant(); k++) {
            for (int tenant = 0; tenant < tenants.length; tenant++) {
                orders.addLast(placeOrder(tenant));
            }
        }
        clearOrders();
        sim.every(spec.blockSeconds(), this::endBlock);
    }

    /**
     * The end of a block: each lease pays it; leases whose escrow cannot pay the next one, or whose
     * provider left, close; the orders placed at the last block close; tenants short of leases order.
     */
    private void endBlock() {
        List<Integer> reordering = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            Lease lease = open.get(i);
            Closure closure = host.hasLeft(lease.node) ? Closure.PROVIDER_LEFT : payBlock(lease);
            if (closure != null) {
                close(lease, closure);
                open.remove(i--);
                reordering.add(lease.tenant);
            }
        }
        clearOrders();
        for (int tenant : reordering) {
            orders.addLast(placeOrder(tenant));
        }
    }

    /** Pays one block from the lease's escrow; returns why the lease closes now, or null. */
    private Closure payBlock(Lease lease) {
        double pay = Math.min(lease.pricePerBlockUsd, lease.escrowUsd);
        double take = pay * spec.takeRate();
        ledger.transfer(Asset.USD, escrow, protocol, take);
        ledger.transfer(Asset.USD, escrow, providers, pay - take);
        lease.escrowUsd -= pay;
        blockPaymentsUsd += pay;
        if (sim.now() > measuredFrom) {
            measuredTenantPaidUsd += pay;
            measuredTakeUsd += take;
        }
        host.blockPaid(lease.tenant, lease.node, pay, pay - take);
        return lease.escrowUsd < lease.pricePerBlockUsd * (1 - BLOCK_TOLERANCE) ? Closure.ESCROW_DRY : null;
    }

    private void close(Lease lease, Closure closure) {
        if (lease.escrowUsd > 0) {
            ledger.transfer(Asset.USD, escrow, tenants[lease.tenant], lease.escrowUsd);
        }
        lease.escrowUsd = 0;
        returnDeposit(lease.bidDepositUsd);
        leaseOfNode[lease.node] = null;
        leasesHeld[lease.tenant]--;
        if (sim.now() > measuredFrom) {
            if (closure == Closure.ESCROW_DRY) {
                closedDry++;
            } else {
                closedProviderLeft++;
            }
        }
        host.leaseClosed(lease.tenant, lease.node);
    }

    /** An order: every free eligible node whose ask is at or under the tenant's maximum bids, locking a deposit. */
    private Order placeOrder(int tenant) {
        List<Bid> bids = new ArrayList<>();
        for (int node : eligibleNodes[tenant]) {
            if (leaseOfNode[node] == null && host.canHost(node) && askPerHourUsd[node] <= spec.maxPricePerHourUsd()) {
                ledger.transfer(Asset.USD, providers, bidDeposits, spec.bidDepositUsd());
                lockedBidDepositsUsd += spec.bidDepositUsd();
                bids.add(new Bid(node, askPerHourUsd[node], spec.bidDepositUsd()));
            }
        }
        return new Order(tenant, bids);
    }

    /**
     * Closes every order placed before now, in the order placed: the lowest ask among bidders
     * still free and up wins; the other bids close. An order nobody could win is placed again.
     */
    private void clearOrders() {
        int count = orders.size();
        List<Integer> unfilled = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Order order = orders.pollFirst();
            Bid winner = lowestFreeBid(order);
            for (Bid bid : order.bids()) {
                if (bid != winner) {
                    returnDeposit(bid.depositUsd());
                }
            }
            if (winner == null) {
                if (sim.now() > measuredFrom) {
                    unfilledOrders++;
                }
                unfilled.add(order.tenant());
                continue;
            }
            openLease(order.tenant(), winner);
        }
        for (int tenant : unfilled) {
            orders.addLast(placeOrder(tenant));
        }
    }

    private Bid lowestFreeBid(Order order) {
        Bid best = null;
        int tied = 0;
        for (Bid bid : order.bids()) {
            if (leaseOfNode[bid.node()] != null || !host.canHost(bid.node())) {
                continue; // won another order meanwhile, or went down: its bid is closed
            }
            if (best == null || bid.askPerHourUsd() < best.askPerHourUsd()) {
                best = bid;
                tied = 1;
            } else if (bid.askPerHourUsd() == best.askPerHourUsd() && ties.nextInt(++tied) == 0) {
                best = bid;
            }
        }
        return best;
    }

    private void openLease(int tenant, Bid winner) {
        double perBlock = spec.pricePerBlockUsd(winner.askPerHourUsd());
        ledger.transfer(Asset.USD, tenants[tenant], escrow, spec.escrowDepositUsd());
        Lease lease = new Lease(tenant, winner.node(), winner.askPerHourUsd(), perBlock, winner.depositUsd(), spec.escrowDepositUsd());
        leaseOfNode[winner.node()] = lease;
        leasesHeld[tenant]++;
        open.add(lease);
        if (sim.now() >= measuredFrom) {
            leasesWon++;
            wonPricePerHourSum += winner.askPerHourUsd();
        }
        host.leaseOpened(tenant, winner.node());
    }

    private void returnDeposit(double depositUsd) {
        if (depositUsd > 0) {
            ledger.transfer(Asset.USD, bidDeposits, providers, depositUsd);
            lockedBidDepositsUsd -= depositUsd;
        }
    }

    // ---------------------------------------------------------------- reading

    /** The tenant holding a lease of {@code node}, or −1. */
    public int tenantOf(int node) {
        Lease lease = leaseOfNode[node];
        return lease == null ? -1 : lease.tenant;
    }

    /** The price per hour of the lease of {@code node}, or NaN when it is not leased. */
    public double leasePricePerHourUsd(int node) {
        Lease lease = leaseOfNode[node];
        return lease == null ? Double.NaN : lease.pricePerHourUsd;
    }

    public int leasesHeld(int tenant) {
        return leasesHeld[tenant];
    }

    public Ledger ledger() {
        return ledger;
    }

    /** The protocol's whole-run receipts: the take rate of every block paid. */
    public double protocolUsd() {
        return protocol.usd();
    }

    /** Every block paid over the whole run, USD. */
    public double blockPaymentsUsd() {
        return blockPaymentsUsd;
    }

    /** The escrow account's balance: what the open leases hold. */
    public double escrowUsd() {
        return escrow.usd();
    }

    /**
     * Over the measured window: leases won and closed (escrow dry, provider gone), orders no node
     * could win, the mean price of the leases won, what tenants paid in blocks and the take; at the
     * end: leases open, escrow held, bid deposits locked.
     */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("leases.won", (double) leasesWon);
        m.put("leases.closed_escrow_dry", (double) closedDry);
        m.put("leases.closed_provider_left", (double) closedProviderLeft);
        m.put("leases.unfilled_orders", (double) unfilledOrders);
        m.put("leases.open_at_end", (double) open.size());
        m.put("leases.mean_price_per_hour_usd", leasesWon == 0 ? Double.NaN : wonPricePerHourSum / leasesWon);
        m.put("leases.tenants_paid_usd", measuredTenantPaidUsd);
        m.put("leases.take_usd", measuredTakeUsd);
        m.put("leases.escrow_end_usd", escrow.usd());
        m.put("leases.bid_deposits_locked_end_usd", bidDeposits.usd());
        return m;
    }

    /**
     * Money is conserved: no dollar created or lost across the accounts; the escrow account holds
     * exactly the open leases' balances, the deposit account the deposits locked; the protocol
     * received the take rate of every block; what tenants paid in equals what providers and the
     * protocol received plus what escrow and deposits still hold.
     */
    public void checkInvariants() {
        ledger.checkConservation();
        double leaseBalances = 0;
        for (Lease lease : open) {
            leaseBalances += lease.escrowUsd;
        }
        double scale = Math.max(1, blockPaymentsUsd + spec.escrowDepositUsd() * Math.max(1, open.size()));
        Ledger.requireConserved("lease market", "escrow account", escrow.usd(), "open leases' balances", leaseBalances, scale);
        Ledger.requireConserved("lease market", "bid-deposit account", bidDeposits.usd(), "deposits locked", lockedBidDepositsUsd, scale);
        Ledger.requireConserved("lease market", "protocol account", protocol.usd(), "take rate x blocks paid", spec.takeRate() * blockPaymentsUsd, scale);
        double tenantsPaidIn = 0;
        for (Account tenant : tenants) {
            tenantsPaidIn -= tenant.usd();
        }
        Ledger.requireConserved("lease market", "tenants' payments", tenantsPaidIn, "providers + protocol + escrow + deposits",
                providers.usd() + protocol.usd() + escrow.usd() + bidDeposits.usd(), scale);
        Ledger.requireConserved("lease market", "tenants' payments less escrow", tenantsPaidIn - escrow.usd(), "blocks paid", blockPaymentsUsd, scale);
    }
}
