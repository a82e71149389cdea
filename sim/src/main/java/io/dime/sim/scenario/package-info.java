/**
 * Scenarios: YAML read into a tree that remembers where every value stood, bound into
 * immutable records with defaults filled, and written back out as
 * {@code scenario.resolved.yaml}. Every mistake becomes a {@link io.dime.sim.input.ScenarioException}
 * that names the key path, the line and column, and what is accepted there.
 */
package io.dime.sim.scenario;
