package io.dime.sim.node;

/**
 * How long a node was busy, weighted by how much of it was (busy slots, or 1 while at least one
 * request is at a server): in the measured window, which starts at the last reset, and over its
 * whole life (what an operator's up-time bill and an epoch auction read).
 */
final class BusyTime {
    private double since;
    private double windowStart;
    private double window;
    private double lifetime;

    /** Adds the time since the last change at {@code weight}, and starts the next span at {@code now}. */
    void accrue(double now, double weight) {
        window += weight * Math.max(0, now - Math.max(since, windowStart));
        lifetime += weight * Math.max(0, now - since);
        since = now;
    }

    /** Adds the span from {@code from} to {@code to} at weight 1 (a batching node's step), without moving the clock. */
    void add(double from, double to) {
        lifetime += Math.max(0, to - from);
        double start = Math.max(from, windowStart);
        if (to > start) {
            window += to - start;
        }
    }

    /** Starts the next span at {@code now} without adding the time before it (a node that just came up). */
    void restart(double now) {
        since = now;
    }

    /** Starts the measured window at {@code now}. */
    void resetWindow(double now) {
        window = 0;
        windowStart = now;
    }

    double windowStart() {
        return windowStart;
    }

    double window() {
        return window;
    }

    double lifetime() {
        return lifetime;
    }
}
