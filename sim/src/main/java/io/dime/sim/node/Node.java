package io.dime.sim.node;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.workload.Request;
import java.util.ArrayDeque;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A node that serves up to {@code slots} requests at once, first come first served, and
 * queues up to {@code maxQueue} more. With exponential service this is exactly an M/M/c
 * queue, which the tests check against Erlang C.
 */
public final class Node {
    /** Told when a request leaves a node. */
    public interface Listener {
        void completed(Node node, Request request);
    }

    private final int index;
    private final int group;
    private final int slots;
    private final int maxQueue;
    private final ServiceModel service;
    private final Simulation sim;
    private final RandomGenerator random;
    private final Listener listener;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();

    private int busy;
    private double busySince;
    private double busySlotSeconds;
    private double accountingStart;
    private long served;

    public Node(int index, int group, int slots, int maxQueue, ServiceModel service, Simulation sim, Listener listener) {
        this.index = index;
        this.group = group;
        this.slots = slots;
        this.maxQueue = maxQueue;
        this.service = service;
        this.sim = sim;
        this.random = sim.random().stream("node/" + index + "/service");
        this.listener = listener;
    }

    public int index() {
        return index;
    }

    public int group() {
        return group;
    }

    public int slots() {
        return slots;
    }

    /** Requests here: in service and waiting. What load-aware routers compare. */
    public int load() {
        return busy + queue.size();
    }

    public boolean hasRoom() {
        return busy < slots || queue.size() < maxQueue;
    }

    /** Takes a request, or refuses it (false) when every slot is busy and the queue is full. */
    public boolean offer(Request request) {
        if (busy < slots) {
            start(request);
            return true;
        }
        if (queue.size() < maxQueue) {
            queue.addLast(request);
            return true;
        }
        return false;
    }

    private void start(Request request) {
        accrueBusyTime();
        busy++;
        request.node = index;
        request.startTime = sim.now();
        ServiceModel.Timing timing = service.time(request, random);
        request.firstTokenTime = sim.now() + timing.firstTokenSeconds();
        sim.schedule(timing.totalSeconds(), () -> finish(request));
    }

    private void finish(Request request) {
        accrueBusyTime();
        busy--;
        served++;
        request.endTime = sim.now();
        sim.trace(request.id);
        listener.completed(this, request);
        Request next = queue.pollFirst();
        if (next != null) {
            start(next);
        }
    }

    private void accrueBusyTime() {
        double now = sim.now();
        busySlotSeconds += busy * (now - Math.max(busySince, accountingStart));
        busySince = now;
    }

    /** Restarts utilisation accounting (at the end of the warm-up). */
    public void resetAccounting() {
        accrueBusyTime();
        busySlotSeconds = 0;
        accountingStart = sim.now();
        served = 0;
    }

    /** Slot-seconds spent serving since the last reset, up to now. */
    public double busySlotSeconds() {
        accrueBusyTime();
        return busySlotSeconds;
    }

    public long served() {
        return served;
    }
}
