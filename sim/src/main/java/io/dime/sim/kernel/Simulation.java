package io.dime.sim.kernel;

import java.util.function.BooleanSupplier;

/**
 * One simulation: its clock, its future-event list, its random streams and its fingerprint.
 * All engine state lives here, so any number of simulations run side by side in one JVM.
 *
 * <p>Time is a double in seconds. Events at the same time fire in priority order (lower
 * first), then in the order they were scheduled, so a run is repeatable to the bit.
 */
public final class Simulation {
    public static final int DEFAULT_PRIORITY = 0;

    private final EventList events;
    private final RandomStreams random;
    private double now;
    private long eventsFired;
    private long fingerprint = Fingerprint.SEED;
    private boolean stopRequested;

    public Simulation(long rootSeed) {
        this(rootSeed, 1024);
    }

    public Simulation(long rootSeed, int expectedPendingEvents) {
        this.events = new EventList(expectedPendingEvents);
        this.random = new RandomStreams(rootSeed);
    }

    /** The current simulated time, in seconds. */
    public double now() {
        return now;
    }

    public RandomStreams random() {
        return random;
    }

    public long eventsFired() {
        return eventsFired;
    }

    public int pendingEvents() {
        return events.size();
    }

    /** Schedules {@code event} {@code delaySeconds} from now; returns a handle for {@link #cancel}. */
    public long schedule(double delaySeconds, Event event) {
        return scheduleAt(now + delaySeconds, DEFAULT_PRIORITY, event);
    }

    public long schedule(double delaySeconds, int priority, Event event) {
        return scheduleAt(now + delaySeconds, priority, event);
    }

    /** Schedules at an absolute time, which must not lie in the past. */
    public long scheduleAt(double time, int priority, Event event) {
        if (!(time >= now)) {
            throw new IllegalArgumentException("cannot schedule at " + time + " s, before now (" + now + " s)");
        }
        return events.add(time, priority, event);
    }

    /** Cancels a pending event; false if it already fired or was cancelled. */
    public boolean cancel(long handle) {
        return events.cancel(handle);
    }

    /** Asks the running loop to return after the current event. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Fires every event due at or before {@code endTime}, then sets the clock to
     * {@code endTime} (unless stopped earlier). Events after it stay pending.
     */
    public void runUntil(double endTime) {
        stopRequested = false;
        while (!stopRequested && !events.isEmpty() && events.peekTime() <= endTime) {
            fireNext();
        }
        if (!stopRequested && endTime > now && endTime != Double.POSITIVE_INFINITY) {
            now = endTime;
        }
    }

    /** Fires events until {@code condition} holds (checked before each event) or none are left. */
    public void runUntil(BooleanSupplier condition) {
        stopRequested = false;
        while (!stopRequested && !events.isEmpty() && !condition.getAsBoolean()) {
            fireNext();
        }
    }

    /** Fires events until none are left or {@link #stop()} is called. */
    public void run() {
        runUntil(Double.POSITIVE_INFINITY);
    }

    private void fireNext() {
        Event event = events.poll();
        now = events.polledTime();
        eventsFired++;
        fingerprint = Fingerprint.mix(Fingerprint.mix(fingerprint, Double.doubleToLongBits(now)), events.polledPriority());
        event.fire();
    }

    /**
     * Mixes a model-level value (a request id, a node index) into the fingerprint, so that
     * behaviour the event times alone would not reveal still changes the hash.
     */
    public void trace(long value) {
        fingerprint = Fingerprint.mix(fingerprint, value);
    }

    /** Hash of the event trace so far: every fired event's time and priority, and traced values. */
    public long fingerprint() {
        return fingerprint;
    }
}
