/**
 * The built-in catalog: GPUs, model shapes, world regions and reference prices, each with its
 * source and date, read from the one file {@code catalog.yaml} beside this package's classes.
 * Scenario validation quotes the catalog's names when a value is unknown, and {@code dime list}
 * prints it.
 */
package io.dime.sim.catalog;
