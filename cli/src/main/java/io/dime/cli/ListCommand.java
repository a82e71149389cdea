package io.dime.cli;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.catalog.Gpu;
import io.dime.sim.catalog.ModelShape;
import io.dime.sim.catalog.Region;
import io.dime.sim.live.LiveBackends;
import io.dime.sim.routing.Routers;
import io.dime.sim.pricing.PricingMechanisms;
import io.dime.sim.scenario.AdversaryStrategies;
import io.dime.sim.workload.ArrivalProcesses;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Print what the catalog and the registries know: gpus, models, regions, routing (routing.policy), pricing (market.pricing), arrivals (arrival.process), schemes (verification.scheme), adversaries (adversaries[].strategy), controllers (token.controllers: targets, then actuators), backends (live node types on the class path).",
        footerHeading = "%nExample:%n",
        footer = "  dime list gpus")
final class ListCommand implements Callable<Integer> {
    enum What { gpus, models, regions, routing, pricing, arrivals, schemes, adversaries, controllers, backends }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WHAT", description = "One of: ${COMPLETION-CANDIDATES}.")
    What what;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        Catalog catalog = Catalog.builtIn();
        switch (what) {
            case gpus -> {
                w.printf("%-14s %8s %10s %11s %9s  %s%n", "gpu", "mem GB", "BW GB/s", "bf16 TFLOPS", "USD/h", "source");
                for (Gpu g : catalog.gpus().values()) {
                    w.printf(Locale.ROOT, "%-14s %8.0f %10.0f %11.1f %9.2f  %s%n", g.name(), g.memoryBytes() / 1e9,
                            g.memoryBandwidthBytesPerS() / 1e9, g.bf16FlopsPerS() / 1e12, g.pricePerHourUsd(), g.source());
                }
            }
            case models -> {
                w.printf("%-16s %10s %10s %6s %7s %8s %8s %12s%n", "model", "params", "active", "layers", "hidden", "kv_heads", "head_dim", "KV B/token");
                for (ModelShape m : catalog.models().values()) {
                    w.printf(Locale.ROOT, "%-16s %10.3g %10.3g %6d %7d %8d %8d %12.0f%n", m.name(), m.params(), m.activeParams(),
                            m.layers(), m.hidden(), m.kvHeads(), m.headDim(), m.kvBytesPerToken());
                }
            }
            case regions -> {
                w.printf("%-14s %8s %9s  %s%n", "region", "lat", "lon", "where");
                for (Region r : catalog.regions().values()) {
                    w.printf(Locale.ROOT, "%-14s %8.2f %9.2f  %s%n", r.name(), r.latitude(), r.longitude(), r.display());
                }
            }
            case routing -> Routers.registry().names().forEach(w::println);
            case pricing -> PricingMechanisms.registry().names().forEach(w::println);
            case arrivals -> ArrivalProcesses.registry().names().forEach(w::println);
            case schemes -> io.dime.sim.scenario.VerificationSpec.SCHEMES.forEach(w::println);
            case adversaries -> AdversaryStrategies.registry().names().forEach(w::println);
            case controllers -> {
                w.println("target: " + String.join(", ", io.dime.sim.token.ControlLevers.targets().names()));
                w.println("acts_on: " + String.join(", ", io.dime.sim.token.ControlLevers.actuators().names()));
            }
            case backends -> {
                LiveBackends backends = LiveBackends.discover();
                if (backends.types().isEmpty()) {
                    w.println("none: " + LiveBackends.missingType("openai") + " (live nodes, backend: {type: openai, ...})");
                } else {
                    backends.types().forEach(w::println);
                }
            }
        }
        return 0;
    }
}
