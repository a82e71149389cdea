/**
 * Run output: the run folder ({@code summary.json}, {@code scenario.resolved.yaml},
 * {@code nodes.csv}) written into a temporary folder and moved into place whole, so a run
 * that fails halfway never leaves a half-overwritten earlier run behind.
 */
package io.dime.sim.output;
