/**
 * Serving nodes: a GPU running a model, taking requests from the router, and the service
 * time model that says how long a request occupies it.
 */
package io.dime.sim.node;
