package io.dime.sim.kernel;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One simulation: its clock, its future-event list, its random streams and its fingerprint.
 * All engine state lives here, so any number of simulations run side by side in one JVM.
 *
 * <p>Time is a double in seconds. Events at the same time fire in priority order (lower
 * first), then in the order they were scheduled, so a run is repeatable to the bit.
 *
 * <p>Optionally a simulation {@linkplain #paceToWallClock() keeps step with the wall clock},
 * so that it can share a scenario with real servers: then events fire no earlier than their
 * simulated time after the run started, and other threads {@linkplain #post hand it events}.
 * A paced run is not repeatable; an unpaced one never looks at the wall clock.
 */
public final class Simulation {
    public static final int DEFAULT_PRIORITY = 0;

    private final EventList events;
    private final RandomStreams random;
    private double now;
    private long eventsFired;
    private long fingerprint = Fingerprint.SEED;
    private boolean stopRequested;
    /** Null unless paced; volatile because {@link #post} reads it from other threads. */
    private volatile WallClock wallClock;

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

    /**
     * Fires {@code action} every {@code periodSeconds}, the first time one period from now, for
     * as long as the simulation runs; each next firing is scheduled once the action has run.
     */
    public void every(double periodSeconds, Event action) {
        Event[] tick = new Event[1];
        tick[0] = () -> {
            action.fire();
            schedule(periodSeconds, tick[0]);
        };
        schedule(periodSeconds, tick[0]);
    }

    /** Cancels a pending event; false if it already fired or was cancelled. */
    public boolean cancel(long handle) {
        return events.cancel(handle);
    }

    /**
     * Asks the running loop to return after the current event. Call it from an event; another
     * thread stops a paced simulation with {@code post(sim::stop)}.
     */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Makes {@link #runUntil(double)} keep step with the wall clock: each event fires no earlier
     * than (wall time when the run started + its simulated time), the loop sleeping in between,
     * and the run lasts until {@code endTime} on the wall clock even when no event is pending,
     * because {@linkplain #post posted} work may still arrive. Call before running.
     */
    public void paceToWallClock() {
        if (wallClock == null) {
            wallClock = new WallClock();
        }
    }

    public boolean isPaced() {
        return wallClock != null;
    }

    /**
     * Hands the simulation an event from any thread (a paced simulation only). The loop takes
     * posted events in the order they were posted, each at the simulated time the wall clock
     * shows when it is taken (never before {@link #now()}), waking if it sleeps; they then fire
     * in (time, priority, order) like scheduled ones, at the default priority.
     */
    public void post(Event event) {
        Objects.requireNonNull(event, "event");
        WallClock clock = wallClock;
        if (clock == null) {
            throw new IllegalStateException("post() needs a paced simulation: call paceToWallClock() before running;"
                    + " an unpaced simulation has no wall time to place a posted event at (schedule it instead)");
        }
        clock.post(event);
    }

    /**
     * Fires every event due at or before {@code endTime}, then sets the clock to
     * {@code endTime} (unless stopped earlier). Events after it stay pending. Paced, the call
     * lasts until {@code endTime} on the wall clock; interrupted, it returns as if stopped.
     */
    public void runUntil(double endTime) {
        stopRequested = false;
        WallClock clock = wallClock;
        if (clock != null) {
            runPacedUntil(endTime, clock);
            return;
        }
        while (!stopRequested && !events.isEmpty() && events.peekTime() <= endTime) {
            fireNext();
        }
        if (!stopRequested && endTime > now && endTime != Double.POSITIVE_INFINITY) {
            now = endTime;
        }
    }

    /** Fires events until {@code condition} holds (checked before each event) or none are left. Not paced. */
    public void runUntil(BooleanSupplier condition) {
        if (wallClock != null) {
            throw new IllegalStateException("a paced simulation runs to an end time: use runUntil(endTime), or stop() from an event");
        }
        stopRequested = false;
        while (!stopRequested && !events.isEmpty() && !condition.getAsBoolean()) {
            fireNext();
        }
    }

    /** Fires events until none are left or {@link #stop()} is called; paced, until stopped. */
    public void run() {
        runUntil(Double.POSITIVE_INFINITY);
    }

    /**
     * The paced loop: take what other threads posted, sleep until the next event (or the end)
     * is due on the wall clock or something new is posted, fire. A loop that falls behind fires
     * overdue events at once, at their own simulated times.
     */
    private void runPacedUntil(double endTime, WallClock clock) {
        clock.anchor(now);
        try {
            while (!stopRequested) {
                takePosted(clock);
                boolean eventDue = !events.isEmpty() && events.peekTime() <= endTime;
                if (!clock.sleepUntil(eventDue ? events.peekTime() : endTime)) {
                    continue; // woken by a posted event: it may come before the next one
                }
                if (!eventDue) {
                    break; // the end time has come on the wall clock
                }
                fireNext();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!stopRequested && endTime > now && endTime != Double.POSITIVE_INFINITY) {
            now = endTime;
        }
    }

    private void takePosted(WallClock clock) {
        for (Event event = clock.poll(); event != null; event = clock.poll()) {
            events.add(Math.max(now, clock.simulatedNow()), DEFAULT_PRIORITY, event);
        }
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
