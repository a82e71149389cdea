/**
 * A trace of requests measured against a real server ({@code dime observe}): a commented header
 * saying what was measured where, and one CSV row per request. The same file is an arrival trace
 * a scenario can replay ({@code arrival: {process: trace, file: ...}}), and the data
 * {@code dime calibrate} fits a node profile to.
 */
package io.dime.backend.trace;
