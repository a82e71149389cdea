package io.dime.sim;

import io.dime.sim.kernel.Event;
import io.dime.sim.kernel.Simulation;
import io.dime.sim.market.Economy;
import io.dime.sim.network.Network;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.Scenario.RegionShare;
import io.dime.sim.scenario.Scenario.RequestClass;
import io.dime.sim.workload.ArrivalProcess;
import io.dime.sim.workload.ClosedLoopArrivals;
import io.dime.sim.workload.Request;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The users: one stream of arrivals per request class (and, with demand response, per
 * population of potential users), each arrival a new request from a region drawn by the class's
 * shares, handed to the lifecycle. A closed-loop class's clients send their next request when
 * the last one ends.
 */
final class Arrivals implements RequestLifecycle.ClosedLoops {
    private final Scenario scenario;
    private final Simulation sim;
    private final Network network;
    private final RequestLifecycle lifecycle;
    /** The token economy whose prices and missed SLOs move demand; null without one. */
    private final Economy economy;
    private final double warmup;
    /** Per request class, its stream when it is a closed loop (the next request follows an end), else null. */
    private final Stream[] closedLoops;
    private long defected;

    Arrivals(Scenario scenario, Simulation sim, Network network, RequestLifecycle lifecycle, Economy economy) {
        this.scenario = scenario;
        this.sim = sim;
        this.network = network;
        this.lifecycle = lifecycle;
        this.economy = economy;
        this.warmup = scenario.warmupSeconds();
        this.closedLoops = new Stream[scenario.workload().size()];
    }

    /** Requests that went to a centralized service after missed SLOs, in the measured window. */
    long defected() {
        return defected;
    }

    /**
     * Schedules every class's first arrivals. With demand response, each class has
     * ceil(max_multiplier) independent populations of potential users; each arrival comes with
     * probability multiplier / populations.
     */
    void start() {
        int populations = economy != null && scenario.demand() != null ? (int) Math.ceil(scenario.demand().maxMultiplier()) : 1;
        for (int c = 0; c < scenario.workload().size(); c++) {
            for (int p = 0; p < populations; p++) {
                Stream stream = new Stream(c, p, populations);
                if (stream.closedLoop != null) {
                    // Every client sends at the start, then again each time its request ends (next()).
                    closedLoops[c] = stream;
                    for (int client = 0; client < stream.closedLoop.clients(); client++) {
                        stream.scheduleNext(0);
                    }
                } else {
                    stream.scheduleNext(0);
                }
            }
        }
    }

    /** A closed-loop client whose request ended (its last token reached it, or it failed) sends its next one. */
    @Override
    public void next(Request request, double endedAt) {
        Stream stream = closedLoops[request.requestClass];
        if (stream != null) {
            stream.scheduleNext(Math.max(sim.now(), endedAt));
        }
    }

    private static int tokens(double sample) {
        return (int) Math.max(1, Math.round(sample));
    }

    /** The requests of one class: each arrival creates and routes a request and schedules the next. */
    private final class Stream implements Event {
        private final int classIndex;
        private final RequestClass requestClass;
        private final ArrivalProcess process;
        /** The process when it is a closed loop, else null: decided once, not per arrival. */
        private final ClosedLoopArrivals closedLoop;
        private final RandomGenerator arrivals;
        private final RandomGenerator lengths;
        private final RandomGenerator origins;
        private final int[] originRegion;
        private final double[] originCumulative;
        private final int populations;
        private final RandomGenerator demandRandom;

        Stream(int classIndex, int population, int populations) {
            this.classIndex = classIndex;
            this.requestClass = scenario.workload().get(classIndex);
            this.process = ArrivalProcess.create(requestClass.arrival());
            this.closedLoop = process instanceof ClosedLoopArrivals closed ? closed : null;
            this.populations = populations;
            // The first population keeps the plain stream names: common random numbers with the
            // same scenario without demand response.
            String prefix = "workload/" + requestClass.name() + (population == 0 ? "" : "#" + population);
            this.demandRandom = populations > 1 || scenario.demand() != null ? sim.random().stream(prefix + "/demand") : null;
            this.arrivals = sim.random().stream(prefix + "/arrivals");
            this.lengths = sim.random().stream(prefix + "/lengths");
            this.origins = sim.random().stream(prefix + "/regions");
            List<RegionShare> shares = requestClass.regions();
            this.originRegion = new int[shares.size()];
            this.originCumulative = new double[shares.size()];
            double sum = 0;
            for (int i = 0; i < shares.size(); i++) {
                originRegion[i] = network.regionIndex(shares.get(i).region());
                sum += shares.get(i).share();
                originCumulative[i] = sum;
            }
        }

        void scheduleNext(double now) {
            double next = process.nextArrivalTime(now, arrivals);
            if (next < scenario.durationSeconds()) {
                sim.scheduleAt(next, 0, this);
            }
        }

        @Override
        public void fire() {
            double now = sim.now();
            if (demandRandom != null && economy != null && !comes(now)) {
                scheduleNext(now);
                return;
            }
            if (closedLoop != null) {
                closedLoop.startRequest();
            }
            int prompt = process.promptTokensOfLast() >= 0 ? Math.max(1, process.promptTokensOfLast()) : tokens(requestClass.promptTokens().sample(lengths));
            int output = process.outputTokensOfLast() >= 0 ? Math.max(1, process.outputTokensOfLast()) : tokens(requestClass.outputTokens().sample(lengths));
            int region = originRegion.length == 1 ? originRegion[0] : pickOrigin();
            Request request = new Request(lifecycle.nextRequestId(), classIndex, now, prompt, output, now >= warmup, region);
            lifecycle.arrived(request, now);
            if (closedLoop == null) {
                scheduleNext(now); // a closed loop's next request follows an end (next())
            }
        }

        /** Whether this potential user comes at today's price, and stays rather than defect after missed SLOs. */
        private boolean comes(double now) {
            if (demandRandom.nextDouble() >= economy.demandMultiplier() / populations) {
                return false; // this potential user does not come at this price
            }
            if (demandRandom.nextDouble() < economy.defectedShare()) {
                if (now >= warmup) {
                    defected++; // gone to a centralized service after missed SLOs
                }
                return false;
            }
            return true;
        }

        private int pickOrigin() {
            double u = origins.nextDouble();
            for (int i = 0; i < originCumulative.length - 1; i++) {
                if (u < originCumulative[i]) {
                    return originRegion[i];
                }
            }
            return originRegion[originRegion.length - 1];
        }
    }
}
