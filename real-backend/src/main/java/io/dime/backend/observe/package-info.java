/**
 * Driving a real server through a load plan ({@code dime observe}): closed-loop concurrency levels
 * and open-loop Poisson rates, prompt and output length mixes, a warm-up per level; every request
 * measured by the streaming client and written as a trace.
 */
package io.dime.backend.observe;
