package io.dime.bench;

import io.dime.sim.kernel.Event;
import io.dime.sim.kernel.EventList;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hold model: the future-event list holds N pending events; one operation polls the
 * earliest event and schedules one new event at (polled time + Exp(1) increment), so N stays
 * constant and one operation is one event. Throughput in ops/s is therefore events/s.
 *
 * <p>Two implementations run side by side: Dime's {@link EventList} (a 4-ary heap over primitive arrays) and a
 * {@link PriorityQueue} of small entry objects ordered by (time, priority, insertion
 * sequence), the same total order the kernel uses. Increments are pre-generated from a fixed
 * seed into a ring of 2^20 doubles, so RNG cost is not measured and both implementations
 * consume the same sequence (first N values fill the list, the rest drive the operations).
 * All events carry priority 0 and share one {@link Event} instance; the PriorityQueue
 * baseline allocates one entry per scheduled event, as a kernel built on it would.
 *
 * <p>The heap is pre-touched ({@code -XX:+AlwaysPreTouch}): without it the allocating
 * PriorityQueue baseline swung by up to 2x between iterations on a 2-core VM, most likely from
 * first-touch page faults as allocation walked into fresh eden pages; with it, it is steady.
 *
 * <p>{@link #eventListCancelChurn} measures schedule+cancel churn on the EventList alone at
 * 1000 pending events: add two events, cancel the first of the two, poll one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class HoldModelBenchmark {

    static final long SEED = 20261122L;
    static final int RING_BITS = 20;
    static final int RING_MASK = (1 << RING_BITS) - 1;
    static final int PRIORITY = 0;

    /** The payload of every scheduled event; never fired here. */
    static final Event EVENT = () -> { };

    /** 2^20 exponential increments with mean 1.0 from a fixed seed; the same for every state. */
    static double[] increments() {
        SplittableRandom random = new SplittableRandom(SEED);
        double[] ring = new double[1 << RING_BITS];
        for (int i = 0; i < ring.length; i++) {
            // nextDouble() is in [0, 1), so 1 - u is in (0, 1] and the log is finite.
            ring[i] = -Math.log(1.0 - random.nextDouble());
        }
        return ring;
    }

    @State(Scope.Thread)
    public static class EventListState {
        @Param({"10", "1000", "100000", "1000000"})
        int n;

        EventList list;
        double[] ring;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            ring = increments();
            list = new EventList(n + 1);
            for (int i = 0; i < n; i++) {
                list.add(ring[next], PRIORITY, EVENT);
                next = (next + 1) & RING_MASK;
            }
        }
    }

    @State(Scope.Thread)
    public static class PriorityQueueState {
        @Param({"10", "1000", "100000", "1000000"})
        int n;

        PriorityQueue<Entry> queue;
        long sequence;
        double[] ring;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            ring = increments();
            queue = new PriorityQueue<>(n + 1, Entry.ORDER);
            for (int i = 0; i < n; i++) {
                queue.add(new Entry(ring[next], PRIORITY, sequence++, EVENT));
                next = (next + 1) & RING_MASK;
            }
        }
    }

    /** The baseline's heap entry: an event with its sort keys. */
    static final class Entry {
        /** (time, priority, sequence), the kernel's order; times are never NaN here. */
        static final Comparator<Entry> ORDER = (a, b) -> {
            if (a.time < b.time) {
                return -1;
            }
            if (a.time > b.time) {
                return 1;
            }
            if (a.priority != b.priority) {
                return a.priority < b.priority ? -1 : 1;
            }
            return Long.compare(a.sequence, b.sequence);
        };

        final double time;
        final int priority;
        final long sequence;
        final Event event;

        Entry(double time, int priority, long sequence, Event event) {
            this.time = time;
            this.priority = priority;
            this.sequence = sequence;
            this.event = event;
        }
    }

    @Benchmark
    public void eventList(EventListState s, Blackhole bh) {
        EventList list = s.list;
        Event event = list.poll();
        double now = list.polledTime();
        bh.consume(event);
        list.add(now + s.ring[s.next], PRIORITY, EVENT);
        s.next = (s.next + 1) & RING_MASK;
    }

    @Benchmark
    public void priorityQueue(PriorityQueueState s, Blackhole bh) {
        PriorityQueue<Entry> queue = s.queue;
        Entry polled = queue.poll();
        bh.consume(polled.event);
        queue.add(new Entry(polled.time + s.ring[s.next], PRIORITY, s.sequence++, EVENT));
        s.next = (s.next + 1) & RING_MASK;
    }

    @State(Scope.Thread)
    public static class ChurnState {
        static final int PENDING = 1000;

        EventList list;
        double[] ring;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            ring = increments();
            list = new EventList(PENDING + 2);
            for (int i = 0; i < PENDING; i++) {
                list.add(ring[next], PRIORITY, EVENT);
                next = (next + 1) & RING_MASK;
            }
        }
    }

    /**
     * Schedule+cancel churn at 1000 pending: add two events after the current time, cancel the
     * first of the two (a timeout that is no longer needed), poll the earliest. One op is one
     * fired event, two schedules and one cancellation; the pending count stays at 1000.
     */
    @Benchmark
    public void eventListCancelChurn(ChurnState s, Blackhole bh) {
        EventList list = s.list;
        double[] ring = s.ring;
        int i = s.next;
        double now = list.peekTime();
        long first = list.add(now + ring[i], PRIORITY, EVENT);
        list.add(now + ring[(i + 1) & RING_MASK], PRIORITY, EVENT);
        s.next = (i + 2) & RING_MASK;
        bh.consume(list.cancel(first));
        bh.consume(list.poll());
    }
}
