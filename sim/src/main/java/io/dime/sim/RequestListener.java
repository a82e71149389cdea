package io.dime.sim;

import io.dime.sim.workload.Request;

/**
 * A part of the world that follows user requests through their life (a job market, the token
 * economy, the verifier): the lifecycle calls each listener, in the order they were added, at
 * these points. Every method does nothing by default.
 */
interface RequestListener {
    /** The request is sent to {@code node}: its first node, or another on a retry. */
    default void sent(Request request, int node) {
    }

    /** The node that held the request lost or refused it after taking it on (it may be retried elsewhere). */
    default void lost(Request request) {
    }

    /** The request ended without completing (dropped, failed, timed out). */
    default void ended(Request request) {
    }
}
