/**
 * Analysis: run results as Tablesaw tables, replications with confidence intervals, sweeps of
 * a base scenario over parameters (grid, random, Latin hypercube) with resume, and comparisons.
 */
package io.dime.analysis;
