/**
 * Pricing mechanisms ({@code market.pricing}): one class each behind
 * {@link io.dime.sim.pricing.PricingMechanisms}, the registry that names them. A mechanism sets
 * the price per 1M tokens of a routed request and the price a router compares for each node.
 */
package io.dime.sim.pricing;
