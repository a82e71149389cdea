package io.dime.sim;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.market.Economy;
import io.dime.sim.market.JobMarkets;
import io.dime.sim.market.LeaseMarket;
import io.dime.sim.metrics.RunMetrics;
import io.dime.sim.routing.RoutingView;
import io.dime.sim.workload.Request;

/** What the markets and the token economy see of the nodes, and what they may change. */
final class MarketHosts {
    private MarketHosts() {
    }

    /** The lease market's view: where a tenant's requests may go, and what was paid. */
    static final class Leases implements LeaseMarket.Host {
        private final Simulation sim;
        private final NodeTable table;
        private final Churn churn;
        private final RoutingView[] classView;
        private final RunMetrics metrics;
        private final GroupMetrics[] groupMetrics;
        private final double warmup;

        Leases(Simulation sim, NodeTable table, Churn churn, RoutingView[] classView, RunMetrics metrics, GroupMetrics[] groupMetrics,
                double warmup) {
            this.sim = sim;
            this.table = table;
            this.churn = churn;
            this.classView = classView;
            this.metrics = metrics;
            this.groupMetrics = groupMetrics;
            this.warmup = warmup;
        }

        @Override
        public boolean canHost(int node) {
            return table.node(node).isUp();
        }

        @Override
        public boolean hasLeft(int node) {
            return churn.isRetired(node);
        }

        @Override
        public void leaseOpened(int tenant, int node) {
            classView[tenant].admit(classView[tenant].candidateOf(node), true);
        }

        @Override
        public void leaseClosed(int tenant, int node) {
            classView[tenant].admit(classView[tenant].candidateOf(node), false);
        }

        /** A block paid at the end of the measured window's blocks counts: the window starts at the warm-up. */
        @Override
        public void blockPaid(int tenant, int node, double tenantUsd, double providerUsd) {
            if (sim.now() > warmup) {
                metrics.paid(tenant, tenantUsd);
                sim.trace(Double.doubleToLongBits(tenantUsd));
                groupMetrics[table.node(node).group()].paidUsd += tenantUsd;
                table.earn(node, providerUsd);
            }
        }
    }

    /** The job markets' view: whether a node is up; they send jobs on, and report what users paid. */
    static final class Jobs implements JobMarkets.Host {
        private final Simulation sim;
        private final NodeTable table;
        private final RunMetrics metrics;
        private final GroupMetrics[] groupMetrics;
        private RequestLifecycle lifecycle;

        Jobs(Simulation sim, NodeTable table, RunMetrics metrics, GroupMetrics[] groupMetrics) {
            this.sim = sim;
            this.table = table;
            this.metrics = metrics;
            this.groupMetrics = groupMetrics;
        }

        void sendWith(RequestLifecycle lifecycle) {
            this.lifecycle = lifecycle;
        }

        @Override
        public boolean canServe(int node) {
            return table.node(node).isUp();
        }

        @Override
        public void dispatch(Request job, int node) {
            job.setPricePerMTok(0); // paid per second of the node's time, through the market
            lifecycle.sendTo(job, table.node(node));
        }

        @Override
        public void paid(Request job, int group, int node, double userUsd, double nodeUsd) {
            job.setPaidUsd(job.paidUsd() + userUsd);
            if (job.measured) {
                metrics.paid(job.requestClass, userUsd);
                sim.trace(Double.doubleToLongBits(userUsd));
                groupMetrics[group].paidUsd += userUsd;
                if (node >= 0) {
                    table.earn(node, nodeUsd);
                }
            }
        }
    }

    /** The token economy's view of the nodes: who is up or retired, and how long each was up and busy. */
    static final class EconomyNodes implements Economy.Nodes {
        private final NodeTable table;
        private final Churn churn;

        EconomyNodes(NodeTable table, Churn churn) {
            this.table = table;
            this.churn = churn;
        }

        @Override
        public int count() {
            return table.size();
        }

        @Override
        public int group(int node) {
            return table.node(node).group();
        }

        @Override
        public boolean isUp(int node) {
            return table.node(node).isUp();
        }

        @Override
        public boolean isRetired(int node) {
            return churn.isRetired(node);
        }

        @Override
        public void setRetired(int node, boolean retired) {
            churn.setRetired(node, retired);
        }

        @Override
        public double lifetimeBusySeconds(int node) {
            return table.node(node).lifetimeBusySeconds();
        }

        @Override
        public double lifetimeUpSeconds(int node) {
            table.accrueUptime(node, table.node(node).isUp());
            return table.lifetimeUpSeconds[node];
        }
    }
}
