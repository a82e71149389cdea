/**
 * Metrics: what one replication measured (latency histograms, request counts, tokens, money)
 * and the summary across replications, with means and Student-t 95% confidence intervals.
 */
package io.dime.sim.metrics;
