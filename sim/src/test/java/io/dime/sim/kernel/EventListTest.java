package io.dime.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EventListTest {

    @Test
    void eventsComeOutByTimeThenPriorityThenInsertionOrder() {
        EventList list = new EventList(2);
        List<String> fired = new ArrayList<>();
        list.add(2.0, 0, () -> fired.add("t2"));
        list.add(1.0, 5, () -> fired.add("t1-p5-first"));
        list.add(1.0, -3, () -> fired.add("t1-p-3"));
        list.add(1.0, 5, () -> fired.add("t1-p5-second"));
        list.add(0.5, 100, () -> fired.add("t0.5"));
        while (!list.isEmpty()) {
            list.poll().fire();
        }
        assertEquals(List.of("t0.5", "t1-p-3", "t1-p5-first", "t1-p5-second", "t2"), fired);
    }

    @Test
    void polledTimeAndPriorityDescribeTheEventJustRemoved() {
        EventList list = new EventList();
        list.add(3.5, -7, () -> { });
        assertTrue(list.poll() != null);
        assertEquals(3.5, list.polledTime());
        assertEquals(-7, list.polledPriority());
        assertNull(list.poll());
    }

    @Test
    void cancelledEventsNeverFireAndHandlesGoStale() {
        EventList list = new EventList();
        List<Integer> fired = new ArrayList<>();
        long a = list.add(1, 0, () -> fired.add(1));
        long b = list.add(2, 0, () -> fired.add(2));
        long c = list.add(3, 0, () -> fired.add(3));
        assertTrue(list.cancel(b));
        assertFalse(list.cancel(b), "a second cancel of the same handle must fail");
        list.poll().fire();
        assertFalse(list.cancel(a), "an event that fired cannot be cancelled");
        // The freed slot is reused by a new event; the stale handle must not cancel it.
        long d = list.add(2.5, 0, () -> fired.add(4));
        assertFalse(list.cancel(b));
        assertFalse(list.cancel(a));
        while (!list.isEmpty()) {
            list.poll().fire();
        }
        assertEquals(List.of(1, 4, 3), fired);
        assertFalse(list.cancel(c));
        assertFalse(list.cancel(d));
    }

    @Test
    void priorityOutsideTheSupportedRangeIsRejected() {
        EventList list = new EventList();
        assertThrows(IllegalArgumentException.class, () -> list.add(0, EventList.MAX_PRIORITY + 1, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> list.add(0, EventList.MIN_PRIORITY - 1, () -> { }));
    }

    /** Random adds, cancels and polls, checked against a sorted map as the reference. */
    @Test
    void matchesAReferenceOrderingUnderRandomAddsCancelsAndPolls() {
        EventList list = new EventList(4);
        TreeMap<double[], Event> reference = new TreeMap<>((x, y) -> {
            int byTime = Double.compare(x[0], y[0]);
            if (byTime != 0) {
                return byTime;
            }
            int byPriority = Double.compare(x[1], y[1]);
            return byPriority != 0 ? byPriority : Double.compare(x[2], y[2]);
        });
        List<long[]> handles = new ArrayList<>();
        List<double[]> keys = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        long sequence = 0;
        double now = 0;
        for (int step = 0; step < 200_000; step++) {
            int action = random.nextInt(10);
            if (action < 5 || reference.isEmpty()) {
                // Times on a coarse grid so that ties in time (and priority) are frequent.
                double time = now + random.nextInt(50) / 4.0;
                int priority = random.nextInt(3) - 1;
                double[] key = {time, priority, sequence++};
                Event event = () -> { };
                reference.put(key, event);
                handles.add(new long[] {list.add(time, priority, event)});
                keys.add(key);
            } else if (action < 7) {
                int pick = random.nextInt(handles.size());
                boolean pending = reference.containsKey(keys.get(pick));
                assertEquals(pending, list.cancel(handles.get(pick)[0]));
                reference.remove(keys.get(pick));
            } else {
                var expected = reference.pollFirstEntry();
                Event actual = list.poll();
                assertSame(expected.getValue(), actual);
                assertEquals(expected.getKey()[0], list.polledTime());
                now = list.polledTime();
            }
            assertEquals(reference.size(), list.size());
        }
    }
}
