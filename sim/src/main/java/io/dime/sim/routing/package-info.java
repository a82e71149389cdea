/**
 * Routing: which node gets a request. Each policy is one class, registered by the name a
 * scenario writes ({@code policy: power-of-two}) in {@link io.dime.sim.routing.Routers}.
 */
package io.dime.sim.routing;
