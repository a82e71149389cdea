package io.dime.sim.market;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.token.Account;
import io.dime.sim.token.Asset;
import io.dime.sim.token.Ledger;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests as jobs in per-GPU-class markets, each a {@link JobMarket} with a price per second, a
 * job timeout and a FIFO queue of jobs or idle nodes (Nosana: NETWORKS.md; github
 * nosana-ci/nosana-programs, nosana-jobs list.rs, finish.rs, end.rs, delist.rs, state.rs).
 *
 * <p>A request is listed as a job in one of the markets that serve its class: the cheapest with
 * an idle node, or, when every one is busy, the one with the fewest waiting jobs per node (then
 * the cheapest). Listing pays the job's deposit, price × timeout, into escrow, and a network fee
 * of that deposit to the protocol (Nosana's stakers): the user pays deposit × (1 + fee) up front.
 * A node runs one job at a time. When it finishes, it is paid price × min(runtime, timeout), the
 * runtime counted from the moment it took the job, and the rest of the deposit is refunded; so
 * too when the user gives up on a running job (Nosana's {@code end}). A job withdrawn while it
 * waits gets its deposit back ({@code delist}); a job its node lost (the node went down, refused
 * it or failed) pays the node nothing and gets its deposit back, and the request, if retried, is
 * listed again as a new job. The fee is never refunded.
 *
 * <p>Money sits in one {@link Ledger} (USD only): {@code users} (paying in from outside),
 * {@code escrow} (the deposits of jobs not yet settled), {@code nodes} and {@code protocol}.
 * {@link #checkInvariants()} checks that no dollar was created or lost, that escrow holds exactly
 * the open jobs' deposits, and that the protocol received exactly the fee of every deposit.
 */
public final class JobMarkets {
    /** What the markets see of the nodes and ask the world to do. */
    public interface Host {
        /** Whether the node can take a job now: up (a retired node is not). */
        boolean canServe(int node);

        /** Sends a job to the node that took it. */
        void dispatch(Request job, int node);

        /**
         * The user of {@code job} paid {@code userUsd} to the market of {@code group}; the node
         * ({@code −1}: none, a fee) received {@code nodeUsd} of it.
         */
        void paid(Request job, int group, int node, double userUsd, double nodeUsd);
    }

    /** A market's terms: its node group (GPU class), price per hour of a job, job timeout. */
    public record Terms(String name, double pricePerHourUsd, double timeoutSeconds) {
    }

    /** A listed job: its request, market, deposit, and once a node took it, which and when. */
    private static final class Job {
        final Request request;
        final int market;
        final double depositUsd;
        final double listedAt;
        int node = -1;
        double claimedAt = Double.NaN;

        Job(Request request, int market, double depositUsd, double listedAt) {
            this.request = request;
            this.market = market;
            this.depositUsd = depositUsd;
            this.listedAt = listedAt;
        }
    }

    private final Simulation sim;
    private final Host host;
    private final double networkFee;
    private final List<JobMarket<Job>> markets = new ArrayList<>();
    private final int[] marketOfNode;
    /** By request class: its markets, cheapest first (then in file order). */
    private final int[][] marketsByPrice;
    private final Job[] jobOfNode;
    private final boolean[] queuedNode;
    private final Map<Request, Job> open = new IdentityHashMap<>();

    private final Ledger ledger = new Ledger(0, "genesis");
    private final Account users;
    private final Account escrow;
    private final Account nodes;
    private final Account protocol;
    private double depositsListedUsd;

    // Counted for measured requests.
    private long listed;
    private long waited;
    private long finished;
    private long delisted;
    private long endedByUser;
    private long quitByNode;
    private long cappedAtTimeout;
    private long claimed;
    private double marketWaitSeconds;
    private double nodePayUsd;
    private double feesUsd;
    private double refundsUsd;

    /**
     * @param terms          by market (node group)
     * @param marketOfNode   by node: its market
     * @param marketsOfClass by request class: the markets that may serve it
     * @param networkFee     share of each deposit paid on top to the protocol
     */
    public JobMarkets(List<Terms> terms, int[] marketOfNode, int[][] marketsOfClass, double networkFee, Simulation sim, Host host) {
        this.sim = sim;
        ledger.traceInto(sim::trace);
        this.host = host;
        this.networkFee = networkFee;
        this.marketOfNode = marketOfNode.clone();
        int[] nodesPerMarket = new int[terms.size()];
        for (int market : marketOfNode) {
            nodesPerMarket[market]++;
        }
        for (int m = 0; m < terms.size(); m++) {
            Terms t = terms.get(m);
            markets.add(new JobMarket<>(t.name(), t.pricePerHourUsd() / 3600, t.timeoutSeconds(), nodesPerMarket[m]));
        }
        this.marketsByPrice = new int[marketsOfClass.length][];
        for (int c = 0; c < marketsOfClass.length; c++) {
            marketsByPrice[c] = java.util.Arrays.stream(marketsOfClass[c]).boxed()
                    .sorted(java.util.Comparator.comparingDouble((Integer m) -> terms.get(m).pricePerHourUsd()).thenComparingInt(m -> m))
                    .mapToInt(Integer::intValue).toArray();
        }
        this.jobOfNode = new Job[marketOfNode.length];
        this.queuedNode = new boolean[marketOfNode.length];
        this.users = ledger.account("users", true);
        this.escrow = ledger.account("escrow");
        this.nodes = ledger.account("nodes");
        this.protocol = ledger.account("protocol");
    }

    /** Queues every node that is up in its market, in node order: the markets open with idle nodes. */
    public void open() {
        for (int node = 0; node < marketOfNode.length; node++) {
            nodeUp(node);
        }
    }

    /** Lists a request as a job: pays its deposit and fee, and either a node takes it or it waits. */
    public void post(Request request) {
        int market = chooseMarket(request.requestClass);
        JobMarket<Job> terms = markets.get(market);
        Job job = new Job(request, market, terms.depositUsd(), sim.now());
        double fee = job.depositUsd * networkFee;
        ledger.transfer(Asset.USD, users, escrow, job.depositUsd);
        ledger.transfer(Asset.USD, users, protocol, fee);
        depositsListedUsd += job.depositUsd;
        open.put(request, job);
        if (request.measured) {
            listed++;
            feesUsd += fee;
        }
        host.paid(request, market, -1, fee, 0);
        int node = terms.arrive(job);
        if (node >= 0) {
            claim(job, node);
        } else if (request.measured) {
            waited++;
        }
    }

    /** The cheapest market with an idle node; when none has one, the fewest waiting jobs per node, then the cheapest. */
    private int chooseMarket(int requestClass) {
        int[] candidates = marketsByPrice[requestClass];
        for (int market : candidates) {
            if (markets.get(market).idleNodes() > 0) {
                return market;
            }
        }
        int best = candidates[0];
        double bestWait = Double.POSITIVE_INFINITY;
        for (int market : candidates) {
            JobMarket<Job> m = markets.get(market);
            double waitPerNode = (double) m.waitingJobs() / Math.max(1, m.nodeCount());
            if (waitPerNode < bestWait) {
                bestWait = waitPerNode;
                best = market;
            }
        }
        return best;
    }

    private void claim(Job job, int node) {
        job.node = node;
        job.claimedAt = sim.now();
        jobOfNode[node] = job;
        queuedNode[node] = false;
        if (job.request.measured) {
            claimed++;
            marketWaitSeconds += job.claimedAt - job.listedAt;
        }
        host.dispatch(job.request, node);
    }

    /** The node posted the job's result: it is paid for its runtime up to the timeout, the rest refunded. Returns the node's pay. */
    public double finished(Request request) {
        Job job = open.get(request);
        if (job == null || job.node < 0) {
            return 0;
        }
        if (request.measured) {
            finished++;
        }
        return settleRunning(job);
    }

    /** The user gave up on the job: a waiting job is delisted (deposit refunded), a running one ended (the node paid so far). */
    public void endedByUser(Request request) {
        Job job = open.get(request);
        if (job == null) {
            return;
        }
        if (job.node < 0) {
            markets.get(job.market).withdrawJob(job);
            open.remove(request);
            refund(job, job.depositUsd);
            if (request.measured) {
                delisted++;
            }
            return;
        }
        if (request.measured) {
            endedByUser++;
        }
        settleRunning(job);
    }

    /** The node lost the job (went down, refused it, failed): no pay, the deposit refunded, the node free again if it is up. */
    public void quit(Request request) {
        Job job = open.get(request);
        if (job == null || job.node < 0) {
            return;
        }
        open.remove(request);
        refund(job, job.depositUsd);
        if (request.measured) {
            quitByNode++;
        }
        release(job.node);
    }

    private double settleRunning(Job job) {
        open.remove(job.request);
        JobMarket<Job> market = markets.get(job.market);
        double runtime = sim.now() - job.claimedAt;
        double pay = Math.min(market.payUsd(runtime), job.depositUsd);
        ledger.transfer(Asset.USD, escrow, nodes, pay);
        refund(job, job.depositUsd - pay);
        if (job.request.measured) {
            nodePayUsd += pay;
            if (runtime > market.timeoutSeconds()) {
                cappedAtTimeout++;
            }
        }
        host.paid(job.request, job.market, job.node, pay, pay);
        release(job.node);
        return pay;
    }

    private void refund(Job job, double usd) {
        if (usd > 0) {
            ledger.transfer(Asset.USD, escrow, users, usd);
            if (job.request.measured) {
                refundsUsd += usd;
            }
        }
    }

    /** A node is done with its job: when up it takes the next waiting job of its market, or queues. */
    private void release(int node) {
        jobOfNode[node] = null;
        if (host.canServe(node)) {
            offer(node);
        }
    }

    private void offer(int node) {
        Job next = markets.get(marketOfNode[node]).nodeFree(node);
        if (next != null) {
            claim(next, node);
        } else {
            queuedNode[node] = true;
        }
    }

    /** A node came up: with no job, it takes the next waiting job of its market, or queues. */
    public void nodeUp(int node) {
        if (jobOfNode[node] == null && !queuedNode[node] && host.canServe(node)) {
            offer(node);
        }
    }

    /** A node went down: it leaves its market's queue (its job, if any, is lost through {@link #quit}). */
    public void nodeDown(int node) {
        if (queuedNode[node]) {
            markets.get(marketOfNode[node]).withdrawNode(node);
            queuedNode[node] = false;
        }
    }

    // ---------------------------------------------------------------- reading

    /** The market of one node group. */
    public JobMarket<?> market(int group) {
        return markets.get(group);
    }

    public Ledger ledger() {
        return ledger;
    }

    /**
     * For the measured requests' jobs: listed, waited in a queue, finished, delisted, ended by the
     * user while running, lost by their node, paid at the timeout cap; the mean wait in the market;
     * what nodes were paid, fees, refunds. At the end: what escrow holds.
     */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("jobs.listed", (double) listed);
        m.put("jobs.waited", (double) waited);
        m.put("jobs.finished", (double) finished);
        m.put("jobs.delisted", (double) delisted);
        m.put("jobs.ended_by_user", (double) endedByUser);
        m.put("jobs.quit_by_node", (double) quitByNode);
        m.put("jobs.capped_at_timeout", (double) cappedAtTimeout);
        m.put("jobs.market_wait_ms.mean", claimed == 0 ? Double.NaN : marketWaitSeconds / claimed * 1e3);
        m.put("jobs.node_pay_usd", nodePayUsd);
        m.put("jobs.fees_usd", feesUsd);
        m.put("jobs.refunds_usd", refundsUsd);
        m.put("jobs.escrow_end_usd", escrow.usd());
        return m;
    }

    /**
     * Money is conserved: no dollar created or lost; escrow holds exactly the deposits of the
     * jobs not settled; the protocol received the fee of every deposit listed; what users paid
     * in equals what nodes and the protocol received plus what escrow holds.
     */
    public void checkInvariants() {
        ledger.checkConservation();
        double openDeposits = 0;
        for (Job job : open.values()) {
            openDeposits += job.depositUsd;
        }
        double scale = Math.max(1, depositsListedUsd * (1 + networkFee));
        Ledger.requireConserved("job markets", "escrow account", escrow.usd(), "deposits of open jobs", openDeposits, scale);
        Ledger.requireConserved("job markets", "protocol account", protocol.usd(), "network fee x deposits listed", networkFee * depositsListedUsd, scale);
        Ledger.requireConserved("job markets", "users' payments", -users.usd(), "nodes + protocol + escrow", nodes.usd() + protocol.usd() + escrow.usd(), scale);
    }
}
