package io.dime.sim.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.live.LiveBackend;
import io.dime.sim.live.LiveRequest;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A live node on its own, against a scripted backend whose answers the test triggers from
 * simulation events (a callback may come from any thread, the simulation's included). Each
 * test runs a few hundred milliseconds of wall time; tolerances allow for a busy machine.
 */
class LiveNodeTest {
    private static final double LAG_SECONDS = 0.2;
    private static final ServiceModel PRIOR = new ServiceModel.Roofline(0.001, 0.01);

    /** Remembers what it was sent; the test answers through the callbacks it kept. */
    private static final class ScriptedBackend implements LiveBackend {
        final List<LiveRequest> sent = new ArrayList<>();
        final List<Callbacks> callbacks = new ArrayList<>();
        final List<Long> cancelled = new ArrayList<>();
        boolean throwOnSend;

        @Override
        public void send(LiveRequest request, Callbacks answer) {
            if (throwOnSend) {
                throw new IllegalStateException("connection pool closed");
            }
            sent.add(request);
            callbacks.add(answer);
        }

        @Override
        public void cancel(long requestId) {
            cancelled.add(requestId);
        }

        @Override
        public void close() {
        }
    }

    private final Simulation sim = new Simulation(1);
    private final ScriptedBackend backend = new ScriptedBackend();
    private final List<Request> completed = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private LiveNode node(int slots, double timeoutSeconds) {
        sim.paceToWallClock();
        return new LiveNode(0, 0, new LiveNode.Settings(slots, 10, timeoutSeconds), backend, PRIOR, sim,
                (n, r) -> completed.add(r), (n, r, reason) -> failures.add(r.id + ": " + reason));
    }

    private static Request request(long id) {
        return new Request(id, 0, 0.0, 100, 20, true, 0);
    }

    @Test
    void requestsBeyondTheSlotsWaitInOrderAndAnswersSetTheRequestTimes() {
        LiveNode node = node(2, 60);
        Request a = request(1);
        Request b = request(2);
        Request c = request(3);
        assertTrue(node.offer(a) && node.offer(b) && node.offer(c));
        assertEquals(3, node.load());
        assertEquals(2, node.inFlight());
        assertEquals(List.of(1L, 2L), backend.sent.stream().map(LiveRequest::requestId).toList());
        assertEquals(new LiveRequest(1, 100, 20), backend.sent.get(0), "prompt and output lengths go to the server as they are");
        sim.schedule(0.05, () -> backend.callbacks.get(0).firstToken());
        sim.schedule(0.10, () -> backend.callbacks.get(0).completed(20));
        sim.runUntil(0.3);

        assertEquals(List.of(a), completed);
        assertTrue(a.firstTokenTime() >= 0.05 && a.firstTokenTime() < 0.05 + LAG_SECONDS, "first token at " + a.firstTokenTime());
        assertTrue(a.endTime() >= 0.10 && a.endTime() < 0.10 + LAG_SECONDS, "end at " + a.endTime());
        assertTrue(a.firstTokenTime() <= a.endTime());
        assertEquals(0.0, a.startTime());
        assertEquals(List.of(1L, 2L, 3L), backend.sent.stream().map(LiveRequest::requestId).toList(), "the waiting request went when a slot freed");
        assertEquals(a.endTime(), c.startTime(), "sent the moment the slot freed");
        assertEquals(2, node.load());
        assertEquals(1, node.served());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void callbacksTheNodeNoLongerExpectsAreIgnored() {
        LiveNode node = node(1, 60);
        Request a = request(1);
        node.offer(a);
        sim.schedule(0.05, () -> {
            LiveBackend.Callbacks answer = backend.callbacks.get(0);
            answer.completed(20);
            answer.completed(20); // twice: a broken backend
            answer.failed("late failure");
            answer.firstToken();
        });
        sim.runUntil(0.3);
        assertEquals(List.of(a), completed, "counted once");
        assertTrue(failures.isEmpty(), "a failure after the completion is ignored: " + failures);
        assertEquals(a.endTime(), a.firstTokenTime(), "an answer that was not streamed arrives whole");
    }

    @Test
    void anAbortedRequestIsCancelledAtTheServerItsSlotFreedAndItsAnswerIgnored() {
        LiveNode node = node(1, 60);
        Request a = request(1);
        Request b = request(2);
        node.offer(a);
        node.offer(b);
        sim.schedule(0.05, () -> assertTrue(node.abort(a)));
        sim.schedule(0.10, () -> backend.callbacks.get(0).completed(20));
        sim.runUntil(0.3);
        assertEquals(List.of(1L), backend.cancelled);
        assertTrue(completed.isEmpty(), "the aborted request's answer is ignored");
        assertEquals(2, backend.sent.size(), "the waiting request took the freed slot");
        assertFalse(node.abort(a), "no longer held");
        assertEquals(1, node.load());
    }

    @Test
    void aRequestWithoutAnAnswerFailsAtTheTimeoutAndIsCancelled() {
        LiveNode node = node(1, 0.1);
        node.offer(request(7));
        sim.runUntil(0.3);
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("7: no answer within the backend timeout"), failures.toString());
        assertEquals(List.of(7L), backend.cancelled);
        assertEquals(1, node.failed());
        assertEquals(0, node.load());
    }

    @Test
    void aBackendThatThrowsFailsTheRequestInsteadOfTheRun() {
        LiveNode node = node(1, 60);
        backend.throwOnSend = true;
        assertTrue(node.offer(request(3)), "accepted; the failure comes as an event, not inside offer");
        assertTrue(failures.isEmpty());
        sim.runUntil(0.05);
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).contains("connection pool closed"), failures.toString());
    }

    @Test
    void utilizationIsTheShareOfTimeWithARequestAtTheServerAndTtftIsLearnt() {
        LiveNode node = node(4, 60);
        assertEquals(PRIOR.typicalFirstTokenSeconds(100), node.predictedTtftSeconds(100), "the prior before any answer");
        node.offer(request(1));
        node.offer(request(2)); // concurrent: still one busy period
        sim.schedule(0.10, () -> backend.callbacks.get(0).firstToken());
        sim.schedule(0.20, () -> {
            backend.callbacks.get(0).completed(20);
            backend.callbacks.get(1).completed(20);
        });
        sim.runUntil(0.4);
        double utilization = node.utilization(0.4);
        assertTrue(utilization >= 0.5 && utilization < 0.5 + LAG_SECONDS / 0.4, "utilization " + utilization);
        double learnt = node.predictedTtftSeconds(100);
        assertTrue(learnt >= 0.1 && learnt < 0.2 + LAG_SECONDS, "mean observed TTFT " + learnt);
    }

    @Test
    void aLiveNodeNeedsAPacedSimulation() {
        Simulation unpaced = new Simulation(1);
        assertThrows(IllegalArgumentException.class, () -> new LiveNode(0, 0, new LiveNode.Settings(1, 1, 1), backend, PRIOR, unpaced,
                (n, r) -> { }, (n, r, why) -> { }));
    }

    @Test
    void aFailuresKindIsTheOutcomeClassItsReasonStartsWith() {
        assertEquals("REFUSED", LiveNode.kindOf("REFUSED: connection refused by 127.0.0.1:9"));
        assertEquals("MALFORMED_STREAM", LiveNode.kindOf("MALFORMED_STREAM: the stream ended before [DONE]"));
        assertEquals("other", LiveNode.kindOf("server died mid-stream"));
        assertEquals("other", LiveNode.kindOf("first_token_ms: bad"), "a lower-case head is not an outcome class");
    }
}
