/**
 * Live nodes' link to real inference servers: the service-provider interface
 * ({@link io.dime.sim.live.LiveBackend}, its {@link io.dime.sim.live.LiveBackend.Factory} found
 * with {@link java.util.ServiceLoader}, {@link io.dime.sim.live.LiveRequest} and the
 * {@link io.dime.sim.live.LiveBackend.Callbacks} a server answers through) and the registry of
 * backend types, {@link io.dime.sim.live.LiveBackends}. Nothing here speaks HTTP: a module on the
 * class path (real-backend) supplies the implementations, so the simulator builds and runs
 * without it.
 */
package io.dime.sim.live;
