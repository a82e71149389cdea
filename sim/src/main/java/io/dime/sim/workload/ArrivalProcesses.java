package io.dime.sim.workload;

import io.dime.sim.kernel.Registry;
import java.util.function.Function;

/**
 * The registry of arrival processes, by the name {@code arrival.process} uses, in the order the
 * docs and error messages list them. Adding one: its spec (a record implementing
 * {@link ArrivalSpec}, read in the scenario package's ArrivalReader), a class implementing
 * {@link ArrivalProcess}, and one {@code add} line here ({@code sim/README.md} has the steps).
 */
public final class ArrivalProcesses {
    private static final Registry<Function<ArrivalSpec, ArrivalProcess>> REGISTRY = Registry.<Function<ArrivalSpec, ArrivalProcess>>of("arrival process")
            .add("poisson", spec -> new PoissonArrivals((ArrivalSpec.Poisson) spec))
            .add("gamma", spec -> new GammaArrivals((ArrivalSpec.Gamma) spec))
            .add("diurnal", spec -> new DiurnalArrivals((ArrivalSpec.Diurnal) spec))
            .add("mmpp", spec -> new MmppArrivals((ArrivalSpec.Mmpp) spec))
            .add("trace", spec -> new TraceArrivals((ArrivalSpec.Trace) spec))
            .add("steps", spec -> new StepArrivals((ArrivalSpec.Steps) spec))
            .add("closed", spec -> new ClosedLoopArrivals((ArrivalSpec.Closed) spec))
            .build();

    private ArrivalProcesses() {
    }

    public static Registry<Function<ArrivalSpec, ArrivalProcess>> registry() {
        return REGISTRY;
    }
}
