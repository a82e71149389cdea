/**
 * From a measured trace to a node profile ({@code dime calibrate}) and back ({@code dime replay}):
 * the step-time model is fitted by least squares to every inter-token gap and first-token time
 * of the fit levels, and checked by running held-out levels' arrivals through the simulator.
 */
package io.dime.backend.calibrate;
