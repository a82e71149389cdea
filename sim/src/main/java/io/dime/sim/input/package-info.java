/**
 * What every input file shares, at the bottom of the packages: YAML read with every value's line
 * and column ({@link io.dime.sim.input.YamlReader}, {@link io.dime.sim.input.Obj}), numbers with
 * units, distributions, size and encoding checks ({@link io.dime.sim.input.InputFile}), and the
 * located error ({@link io.dime.sim.input.ScenarioException}) every mistake becomes.
 */
package io.dime.sim.input;
