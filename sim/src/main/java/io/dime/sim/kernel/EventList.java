package io.dime.sim.kernel;

import java.util.Arrays;

/**
 * Future-event list: a 4-ary min-heap over primitive arrays, ordered by (time, priority,
 * insertion sequence), with cancellation through handles.
 *
 * <p>Layout, for speed at 10^5+ pending events where cache misses dominate: each heap entry is
 * two adjacent longs in one array — the time's IEEE bits (times are never negative, so their bit
 * patterns sort like the times) and the priority packed above the insertion sequence — so one
 * comparison touches one cache line and needs no floating point; a parallel int array names the
 * slot holding the event. Four children per node halve the heap's depth against a binary heap,
 * and the four children's keys sit in one or two cache lines.
 *
 * <p>Cancellation is lazy: it empties the event's slot and invalidates the handle, and the dead
 * entry is discarded when it reaches the top (or when dead entries outnumber live ones, by a
 * rebuild). So sifting never has to update a position index. The JMH benchmark in
 * {@code bench/} compares this list with {@link java.util.PriorityQueue}.
 */
public final class EventList {
    /** Lowest and highest priority an event may have; lower fires first at equal times. */
    public static final int MIN_PRIORITY = Short.MIN_VALUE;
    public static final int MAX_PRIORITY = Short.MAX_VALUE;

    private static final int SEQUENCE_BITS = 47;
    private static final long SEQUENCE_LIMIT = 1L << SEQUENCE_BITS;

    // Heap: entry i has time bits times[i], order orders[i] and slot heapSlot[i].
    private long[] times;
    private long[] orders;
    private int[] heapSlot;
    private int heapSize;
    private int live;

    // Slots: the event of each heap entry; null once cancelled. Generations invalidate handles.
    private Event[] slotEvent;
    private int[] slotGeneration;
    private int[] freeSlots;
    private int freeCount;
    private int slotsUsed;

    private long nextSequence;

    // What the last poll removed.
    private double polledTime;
    private int polledPriority;

    public EventList() {
        this(64);
    }

    public EventList(int initialCapacity) {
        int capacity = Math.max(4, initialCapacity);
        times = new long[capacity];
        orders = new long[capacity];
        heapSlot = new int[capacity];
        slotEvent = new Event[capacity];
        slotGeneration = new int[capacity];
        freeSlots = new int[capacity];
    }

    /** Pending (not cancelled) events. */
    public int size() {
        return live;
    }

    public boolean isEmpty() {
        return live == 0;
    }

    /** Time of the earliest pending event; only valid when not empty. */
    public double peekTime() {
        discardCancelledTop();
        return Double.longBitsToDouble(times[0]);
    }

    /**
     * Adds an event and returns its handle, which {@link #cancel(long)} accepts until the
     * event has fired or been cancelled.
     */
    public long add(double time, int priority, Event event) {
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        if (!(time >= 0)) {
            throw new IllegalArgumentException("event time must be a non-negative number: " + time);
        }
        if (nextSequence == SEQUENCE_LIMIT) {
            throw new IllegalStateException("more than 2^47 events scheduled in one simulation");
        }
        int slot = takeSlot();
        slotEvent[slot] = event;
        long order = ((long) (priority - MIN_PRIORITY) << SEQUENCE_BITS) | nextSequence++;
        if (heapSize == heapSlot.length) {
            growHeap();
        }
        // + 0.0 turns -0.0 into 0.0, whose bits sort correctly.
        siftUp(heapSize++, Double.doubleToRawLongBits(time + 0.0), order, slot);
        live++;
        return ((long) slotGeneration[slot] << 32) | slot;
    }

    /** Cancels a pending event; false when the handle's event already fired or was cancelled. */
    public boolean cancel(long handle) {
        int slot = (int) handle;
        int generation = (int) (handle >>> 32);
        if (slot < 0 || slot >= slotsUsed || slotGeneration[slot] != generation || slotEvent[slot] == null) {
            return false;
        }
        slotEvent[slot] = null;
        slotGeneration[slot]++;
        live--;
        if (heapSize > 64 && heapSize - live > live) {
            rebuildWithoutCancelled();
        }
        return true;
    }

    /**
     * Removes and returns the earliest event; its time and priority are then available from
     * {@link #polledTime()} and {@link #polledPriority()}. Returns null when empty.
     */
    public Event poll() {
        discardCancelledTop();
        if (heapSize == 0) {
            return null;
        }
        int slot = heapSlot[0];
        polledTime = Double.longBitsToDouble(times[0]);
        polledPriority = (int) (orders[0] >>> SEQUENCE_BITS) + MIN_PRIORITY;
        Event event = slotEvent[slot];
        slotEvent[slot] = null;
        slotGeneration[slot]++;
        releaseSlot(slot);
        live--;
        removeTop();
        return event;
    }

    public double polledTime() {
        return polledTime;
    }

    public int polledPriority() {
        return polledPriority;
    }

    private void discardCancelledTop() {
        while (heapSize > 0 && slotEvent[heapSlot[0]] == null) {
            releaseSlot(heapSlot[0]);
            removeTop();
        }
    }

    /** Whether entry a sorts before entry b: by time, and by order only when the times tie. */
    private boolean before(long timeA, long orderA, int b) {
        long timeB = times[b];
        return timeA < timeB || (timeA == timeB && orderA < orders[b]);
    }

    /**
     * Removes the root the bottom-up way (Floyd; Wegener's bottom-up heapsort): the hole walks
     * down along the smallest children to a leaf without comparing against the entry that will
     * fill it, and that entry (the last one, which belongs near the bottom) then sifts up from
     * there, usually by a level or none.
     */
    private void removeTop() {
        int last = --heapSize;
        if (last == 0) {
            return;
        }
        long[] t = times;
        int hole = 0;
        while (true) {
            int first = 4 * hole + 1;
            if (first >= last) {
                break;
            }
            int best = first;
            long bestTime = t[first];
            int end = Math.min(first + 4, last);
            for (int child = first + 1; child < end; child++) {
                long childTime = t[child];
                if (childTime == bestTime) {
                    // Rare in continuous time: order decides.
                    if (orders[child] < orders[best]) {
                        best = child;
                    }
                    continue;
                }
                // Branch-free minimum: which child is smallest is a coin toss the branch
                // predictor loses, so select with a sign mask instead (times are non-negative,
                // so the difference cannot overflow).
                long smaller = (childTime - bestTime) >> 63;
                best = (int) ((child & smaller) | (best & ~smaller));
                bestTime = (childTime & smaller) | (bestTime & ~smaller);
            }
            t[hole] = bestTime;
            orders[hole] = orders[best];
            heapSlot[hole] = heapSlot[best];
            hole = best;
        }
        siftUp(hole, t[last], orders[last], heapSlot[last]);
    }

    private void siftUp(int position, long time, long order, int slot) {
        long[] t = times;
        while (position > 0) {
            int parent = (position - 1) >>> 2;
            if (!before(time, order, parent)) {
                break;
            }
            t[position] = t[parent];
            orders[position] = orders[parent];
            heapSlot[position] = heapSlot[parent];
            position = parent;
        }
        t[position] = time;
        orders[position] = order;
        heapSlot[position] = slot;
    }

    private void siftDown(int position, long time, long order, int slot) {
        long[] t = times;
        int size = heapSize;
        while (true) {
            int first = 4 * position + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            long bestTime = t[first];
            int end = Math.min(first + 4, size);
            for (int child = first + 1; child < end; child++) {
                long childTime = t[child];
                if (childTime < bestTime || (childTime == bestTime && orders[child] < orders[best])) {
                    best = child;
                    bestTime = childTime;
                }
            }
            if (!before(bestTime, orders[best], -1, time, order)) {
                break;
            }
            t[position] = bestTime;
            orders[position] = orders[best];
            heapSlot[position] = heapSlot[best];
            position = best;
        }
        t[position] = time;
        orders[position] = order;
        heapSlot[position] = slot;
    }

    private static boolean before(long timeA, long orderA, int unused, long timeB, long orderB) {
        return timeA < timeB || (timeA == timeB && orderA < orderB);
    }

    /** Drops every cancelled entry and re-heapifies, when they have come to outnumber live ones. */
    private void rebuildWithoutCancelled() {
        int kept = 0;
        for (int i = 0; i < heapSize; i++) {
            int slot = heapSlot[i];
            if (slotEvent[slot] == null) {
                releaseSlot(slot);
            } else {
                times[kept] = times[i];
                orders[kept] = orders[i];
                heapSlot[kept] = slot;
                kept++;
            }
        }
        heapSize = kept;
        for (int i = (kept - 2) >>> 2; kept > 1 && i >= 0; i--) {
            siftDown(i, times[i], orders[i], heapSlot[i]);
        }
    }

    private int takeSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == slotEvent.length) {
            int capacity = slotEvent.length * 2;
            slotEvent = Arrays.copyOf(slotEvent, capacity);
            slotGeneration = Arrays.copyOf(slotGeneration, capacity);
            freeSlots = Arrays.copyOf(freeSlots, capacity);
        }
        return slotsUsed++;
    }

    private void releaseSlot(int slot) {
        freeSlots[freeCount++] = slot;
    }

    private void growHeap() {
        int capacity = heapSlot.length * 2;
        times = Arrays.copyOf(times, capacity);
        orders = Arrays.copyOf(orders, capacity);
        heapSlot = Arrays.copyOf(heapSlot, capacity);
    }
}
