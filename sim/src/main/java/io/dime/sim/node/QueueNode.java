package io.dime.sim.node;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.workload.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A node that serves up to {@code slots} requests at once, first come first served, and
 * queues up to {@code maxQueue} more. With exponential service this is exactly an M/M/c
 * queue, which the tests check against Erlang C.
 */
public final class QueueNode extends NodeBase implements Node {
    private final int slots;
    private final int maxQueue;
    private final ServiceModel service;
    private final RandomGenerator random;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final List<Request> running = new ArrayList<>();

    private final BusyTime busy = new BusyTime();
    private long served;
    private double serviceSecondsTotal;

    public QueueNode(int index, int group, int slots, int maxQueue, ServiceModel service, Simulation sim, Listener listener) {
        super(index, group, sim, listener);
        this.slots = slots;
        this.maxQueue = maxQueue;
        this.service = service;
        this.random = sim.random().stream("node/" + index + "/service");
    }

    public int slots() {
        return slots;
    }

    @Override
    public int load() {
        return running.size() + queue.size();
    }

    @Override
    public boolean offer(Request request) {
        if (!up) {
            return false;
        }
        if (running.size() < slots) {
            start(request);
            return true;
        }
        if (queue.size() < maxQueue) {
            queue.addLast(request);
            return true;
        }
        return false;
    }

    @Override
    public boolean abort(Request request) {
        if (queue.remove(request)) {
            return true;
        }
        if (running.remove(request)) {
            accrueBusyTime(running.size() + 1);
            sim.cancel(request.serviceHandle());
            startNextIfAny();
            return true;
        }
        return false;
    }

    @Override
    public List<Request> goDown() {
        accrueBusyTime(running.size());
        List<Request> lost = new ArrayList<>(running);
        for (Request request : running) {
            sim.cancel(request.serviceHandle());
        }
        running.clear();
        lost.addAll(queue);
        queue.clear();
        up = false;
        return lost;
    }

    @Override
    public void comeUp() {
        busy.restart(sim.now());
        super.comeUp();
    }

    @Override
    public double predictedTtftSeconds(int promptTokens) {
        double firstToken = service.typicalFirstTokenSeconds(promptTokens);
        if (running.size() < slots) {
            return firstToken;
        }
        // Every slot busy: wait for (queue + 1) / slots service times, learnt from what was served.
        double meanService = served == 0 ? firstToken : serviceSecondsTotal / served;
        return (double) (queue.size() + 1) / slots * meanService + firstToken;
    }

    private void start(Request request) {
        accrueBusyTime(running.size());
        running.add(request);
        request.assignTo(index);
        request.started(sim.now());
        ServiceModel.Timing timing = service.time(request, random);
        request.firstTokenAt(sim.now() + timing.firstTokenSeconds());
        request.setServiceHandle(sim.schedule(timing.totalSeconds(), () -> finish(request)));
    }

    private void finish(Request request) {
        accrueBusyTime(running.size());
        running.remove(request);
        served++;
        serviceSecondsTotal += sim.now() - request.startTime();
        request.addGpuSeconds(sim.now() - request.startTime());
        request.ended(sim.now());
        sim.trace(request.id);
        listener.completed(this, request);
        startNextIfAny();
    }

    private void startNextIfAny() {
        Request next = queue.pollFirst();
        if (next != null) {
            start(next);
        }
    }

    /** Adds the busy slot-time since the last change, when {@code busySlots} were busy. */
    private void accrueBusyTime(int busySlots) {
        busy.accrue(sim.now(), busySlots);
    }

    @Override
    public void resetAccounting() {
        accrueBusyTime(running.size());
        busy.resetWindow(sim.now());
        served = 0;
        serviceSecondsTotal = 0;
    }

    @Override
    public double utilization(double windowSeconds) {
        accrueBusyTime(up ? running.size() : 0);
        return busy.window() / (slots * windowSeconds);
    }

    @Override
    public double lifetimeBusySeconds() {
        accrueBusyTime(up ? running.size() : 0);
        return busy.lifetime() / slots;
    }

    @Override
    public int capacity() {
        return slots;
    }

    @Override
    public long served() {
        return served;
    }

    @Override
    public long preemptions() {
        return 0;
    }

    @Override
    public double meanBatchSize() {
        return Double.NaN;
    }
}
