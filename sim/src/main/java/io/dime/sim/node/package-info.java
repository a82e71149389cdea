/**
 * Serving nodes: a GPU running a model, taking requests from the router, and the service
 * time model that says how long a request occupies it; or, for a live node, a real server
 * reached through a {@link io.dime.sim.live.LiveBackend}, whose answers say how long it took.
 */
package io.dime.sim.node;
