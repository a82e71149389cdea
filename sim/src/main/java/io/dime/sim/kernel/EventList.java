package io.dime.sim.kernel;

import java.util.Arrays;

/**
 * Future-event list: a binary min-heap over primitive arrays, ordered by (time, priority,
 * insertion sequence), with O(log n) cancellation through handles.
 *
 * <p>Heap entries keep their sort keys inline ({@code time}, {@code order}) so that sifting
 * touches only primitive arrays; the event itself sits in a slot that survives sifting, which
 * is what a handle names. Priority and sequence are packed into one long so one comparison of
 * two primitives orders entries completely. DESIGN.md's measurements on 2-core machines put
 * such a heap at 2-3x {@link java.util.PriorityQueue} beyond 10^5 pending events; the JMH
 * benchmark in {@code bench/} checks it.
 */
public final class EventList {
    /** Lowest and highest priority an event may have; lower fires first at equal times. */
    public static final int MIN_PRIORITY = Short.MIN_VALUE;
    public static final int MAX_PRIORITY = Short.MAX_VALUE;

    private static final int SEQUENCE_BITS = 47;
    private static final long SEQUENCE_LIMIT = 1L << SEQUENCE_BITS;

    // Heap, 1 entry per pending event, positions 0..size-1.
    private double[] heapTime;
    private long[] heapOrder;
    private int[] heapSlot;
    private int size;

    // Slots: where an event and its heap position live while it is pending.
    private Event[] slotEvent;
    private int[] slotPosition;
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
        heapTime = new double[capacity];
        heapOrder = new long[capacity];
        heapSlot = new int[capacity];
        slotEvent = new Event[capacity];
        slotPosition = new int[capacity];
        slotGeneration = new int[capacity];
        freeSlots = new int[capacity];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Time of the earliest pending event; only valid when not empty. */
    public double peekTime() {
        return heapTime[0];
    }

    /**
     * Adds an event and returns its handle, which {@link #cancel(long)} accepts until the
     * event has fired or been cancelled.
     */
    public long add(double time, int priority, Event event) {
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        if (nextSequence == SEQUENCE_LIMIT) {
            throw new IllegalStateException("more than 2^47 events scheduled in one simulation");
        }
        int slot = takeSlot();
        slotEvent[slot] = event;
        long order = ((long) (priority - MIN_PRIORITY) << SEQUENCE_BITS) | nextSequence++;
        if (size == heapTime.length) {
            growHeap();
        }
        siftUp(size++, time, order, slot);
        return ((long) slotGeneration[slot] << 32) | slot;
    }

    /** Removes a pending event; false when the handle's event already fired or was cancelled. */
    public boolean cancel(long handle) {
        int slot = (int) handle;
        int generation = (int) (handle >>> 32);
        if (slot < 0 || slot >= slotsUsed || slotGeneration[slot] != generation) {
            return false;
        }
        int position = slotPosition[slot];
        if (position < 0) {
            return false;
        }
        releaseSlot(slot);
        int last = --size;
        if (position != last) {
            double time = heapTime[last];
            long order = heapOrder[last];
            int movedSlot = heapSlot[last];
            if (position > 0 && before(time, order, heapTime[(position - 1) >>> 1], heapOrder[(position - 1) >>> 1])) {
                siftUp(position, time, order, movedSlot);
            } else {
                siftDown(position, time, order, movedSlot);
            }
        }
        return true;
    }

    /**
     * Removes and returns the earliest event; its time and priority are then available from
     * {@link #polledTime()} and {@link #polledPriority()}. Returns null when empty.
     */
    public Event poll() {
        if (size == 0) {
            return null;
        }
        int slot = heapSlot[0];
        polledTime = heapTime[0];
        polledPriority = (int) (heapOrder[0] >>> SEQUENCE_BITS) + MIN_PRIORITY;
        Event event = slotEvent[slot];
        releaseSlot(slot);
        int last = --size;
        if (last > 0) {
            siftDown(0, heapTime[last], heapOrder[last], heapSlot[last]);
        }
        return event;
    }

    public double polledTime() {
        return polledTime;
    }

    public int polledPriority() {
        return polledPriority;
    }

    private static boolean before(double timeA, long orderA, double timeB, long orderB) {
        return timeA < timeB || (timeA == timeB && orderA < orderB);
    }

    private void siftUp(int position, double time, long order, int slot) {
        while (position > 0) {
            int parent = (position - 1) >>> 1;
            double parentTime = heapTime[parent];
            if (!before(time, order, parentTime, heapOrder[parent])) {
                break;
            }
            place(position, parentTime, heapOrder[parent], heapSlot[parent]);
            position = parent;
        }
        place(position, time, order, slot);
    }

    private void siftDown(int position, double time, long order, int slot) {
        int half = size >>> 1;
        while (position < half) {
            int child = 2 * position + 1;
            int right = child + 1;
            if (right < size && before(heapTime[right], heapOrder[right], heapTime[child], heapOrder[child])) {
                child = right;
            }
            if (!before(heapTime[child], heapOrder[child], time, order)) {
                break;
            }
            place(position, heapTime[child], heapOrder[child], heapSlot[child]);
            position = child;
        }
        place(position, time, order, slot);
    }

    private void place(int position, double time, long order, int slot) {
        heapTime[position] = time;
        heapOrder[position] = order;
        heapSlot[position] = slot;
        slotPosition[slot] = position;
    }

    private int takeSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == slotEvent.length) {
            int capacity = slotEvent.length * 2;
            slotEvent = Arrays.copyOf(slotEvent, capacity);
            slotPosition = Arrays.copyOf(slotPosition, capacity);
            slotGeneration = Arrays.copyOf(slotGeneration, capacity);
            freeSlots = Arrays.copyOf(freeSlots, capacity);
        }
        return slotsUsed++;
    }

    private void releaseSlot(int slot) {
        slotEvent[slot] = null;
        slotPosition[slot] = -1;
        slotGeneration[slot]++;
        freeSlots[freeCount++] = slot;
    }

    private void growHeap() {
        int capacity = heapTime.length * 2;
        heapTime = Arrays.copyOf(heapTime, capacity);
        heapOrder = Arrays.copyOf(heapOrder, capacity);
        heapSlot = Arrays.copyOf(heapSlot, capacity);
    }
}
