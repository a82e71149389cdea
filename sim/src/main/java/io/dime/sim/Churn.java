package io.dime.sim;

import io.dime.sim.catalog.Region;
import io.dime.sim.kernel.Simulation;
import io.dime.sim.network.Network;
import io.dime.sim.node.Node;
import io.dime.sim.scenario.Scenario.Availability;
import io.dime.sim.workload.Request;
import java.util.function.Consumer;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.util.FastMath;

/**
 * Which nodes are online. A node is online when it has not failed (failures at exponential
 * times, mean MTBF; repairs, mean MTTR), when, with a daily curve, its owner has it on at this
 * local hour, and when it is not retired (an operator who left the market, or has not joined
 * yet). For the daily curve each node draws a fixed threshold u and is on in hour h when u is
 * below the share for h, so the same machines are the ones that stay on all night.
 */
final class Churn {
    /** Told when a node comes up or goes down (a market that must stop offering it work). */
    interface Listener {
        void up(int node);

        void down(int node);
    }

    private static final Listener NOBODY = new Listener() {
        @Override
        public void up(int node) {
        }

        @Override
        public void down(int node) {
        }
    };

    private final Simulation sim;
    private final Network network;
    private final NodeTable table;
    private final NodeState[] states;
    /** What becomes of the requests a node held when it went down. */
    private Consumer<Request> lost = request -> {
        throw new IllegalStateException("no lifecycle to hand lost requests to");
    };
    private Listener listener = NOBODY;

    Churn(int total, Simulation sim, Network network, NodeTable table) {
        this.sim = sim;
        this.network = network;
        this.table = table;
        this.states = new NodeState[total];
    }

    void onLost(Consumer<Request> lost) {
        this.lost = lost;
    }

    void listen(Listener listener) {
        this.listener = listener;
    }

    boolean isRetired(int node) {
        return states[node].retired;
    }

    void setRetired(int node, boolean retired) {
        states[node].setRetired(retired);
    }

    /** Starts a node's failures and daily curve; a node that joins later starts retired. */
    void start(Node node, Availability availability, boolean startRetired) {
        table.upSince[node.index()] = 0;
        NodeState state = new NodeState(node, availability);
        states[node.index()] = state;
        if (startRetired) {
            state.setRetired(true);
        }
        if (availability.always()) {
            return;
        }
        state.random = sim.random().stream("node/" + node.index() + "/availability");
        if (Double.isFinite(availability.mtbfSeconds())) {
            state.scheduleFailure();
        }
        if (!availability.dailyOnline().isEmpty()) {
            state.threshold = state.random.nextDouble();
            Region region = network.regions().get(table.region[node.index()]);
            state.localOffsetSeconds = region.longitude() / 15.0 * 3600.0; // solar time
            state.checkDailyAndScheduleNextHour();
        }
    }

    /** Whether a node is online: not failed, not switched off by its owner, and not retired. */
    private final class NodeState {
        final Node node;
        final Availability availability;
        RandomGenerator random;
        boolean failed;
        boolean switchedOff;
        boolean retired;
        double threshold;
        double localOffsetSeconds;

        NodeState(Node node, Availability availability) {
            this.node = node;
            this.availability = availability;
        }

        void scheduleFailure() {
            sim.schedule(exponential(availability.mtbfSeconds()), () -> {
                failed = true;
                update();
                sim.schedule(exponential(availability.mttrSeconds()), () -> {
                    failed = false;
                    update();
                    scheduleFailure();
                });
            });
        }

        void checkDailyAndScheduleNextHour() {
            double local = sim.now() + localOffsetSeconds;
            int hour = (int) Math.floorMod((long) Math.floor(local / 3600.0), 24L);
            switchedOff = threshold >= availability.dailyOnline().get(hour);
            update();
            double nextHour = (Math.floor(local / 3600.0) + 1) * 3600.0 - localOffsetSeconds;
            sim.scheduleAt(Math.max(nextHour, sim.now()), 0, this::checkDailyAndScheduleNextHour);
        }

        void setRetired(boolean value) {
            retired = value;
            update();
        }

        private double exponential(double mean) {
            return -mean * FastMath.log(1.0 - random.nextDouble());
        }

        private void update() {
            boolean shouldBeUp = !failed && !switchedOff && !retired;
            if (shouldBeUp == node.isUp()) {
                return;
            }
            table.accrueUptime(node.index(), node.isUp());
            if (shouldBeUp) {
                node.comeUp();
                listener.up(node.index());
                return;
            }
            listener.down(node.index());
            if (!retired) {
                table.failed(node.index()); // unreliable, not departed
            }
            for (Request request : node.goDown()) {
                lost.accept(request);
            }
        }
    }
}
