package io.dime.sim.kernel;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The wall clock a paced {@link Simulation} keeps step with, and the mailbox through which
 * other threads hand it events. Simulated second {@code s} is due at the wall instant
 * {@code anchor + s}; the loop sleeps on the mailbox's condition, so a posted event wakes it.
 *
 * <p>Only {@link #post} is called from other threads; everything else runs on the thread that
 * runs the simulation. {@link System#nanoTime()} is monotonic, so simulated times taken from it
 * never go backwards.
 */
final class WallClock {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition posted = lock.newCondition();
    private final ArrayDeque<Event> mailbox = new ArrayDeque<>(); // guarded by lock
    private long anchorNanos;

    /** Ties the wall clock to simulated time: now, simulated time is {@code simulatedSeconds}. */
    void anchor(double simulatedSeconds) {
        anchorNanos = System.nanoTime() - (long) (simulatedSeconds * 1e9);
    }

    /** The simulated time the wall clock shows now. */
    double simulatedNow() {
        return (System.nanoTime() - anchorNanos) * 1e-9;
    }

    void post(Event event) {
        lock.lock();
        try {
            mailbox.addLast(event);
            posted.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest posted event not yet taken, or null. */
    Event poll() {
        lock.lock();
        try {
            return mailbox.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sleeps until simulated time {@code simulatedSeconds} is due on the wall clock (true), or
     * returns early (false) as soon as an event is waiting in the mailbox.
     */
    boolean sleepUntil(double simulatedSeconds) throws InterruptedException {
        lock.lock();
        try {
            while (mailbox.isEmpty()) {
                if (simulatedSeconds == Double.POSITIVE_INFINITY) {
                    posted.await(); // runs until stopped: only a posted event can wake it
                    continue;
                }
                long remainingNanos = anchorNanos + (long) (simulatedSeconds * 1e9) - System.nanoTime();
                if (remainingNanos <= 0) {
                    return true;
                }
                posted.await(remainingNanos, TimeUnit.NANOSECONDS);
            }
            return false;
        } finally {
            lock.unlock();
        }
    }
}
