package io.dime.sim.catalog;

/**
 * A provider's list price for one model, USD per 1M input and output tokens, with its source
 * and date. {@code blended}: one figure quoted without a model or an input/output split (the
 * seed articles'), copied into both fields: a claim to test, never a default.
 */
public record ApiPrice(String provider, String model, double inputUsd, double outputUsd, boolean blended, String source, String date) {
}
