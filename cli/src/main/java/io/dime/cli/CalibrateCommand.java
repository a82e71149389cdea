package io.dime.cli;

import io.dime.backend.calibrate.Calibration;
import io.dime.backend.calibrate.ProfileFile;
import io.dime.backend.calibrate.Refinement;
import io.dime.backend.calibrate.Replay;
import io.dime.backend.trace.Trace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description = "Fit the node step-time model and request overhead to a trace from 'dime observe' (least squares), write a profile"
                + " scenarios use (profile: profiles/NAME.yaml), and report its error on load levels held out of the fit.",
        footerHeading = "%nExample:%n",
        footer = "  dime calibrate runs/cpu-tiny/trace.csv --hold-out c2,c6 --out profiles/cpu-tiny.yaml")
final class CalibrateCommand implements Callable<Integer> {
    /** Replays the second stage may spend; it usually settles in 100 to 200. */
    static final int REFINEMENT_REPLAYS = 400;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "Trace file written by dime observe.")
    Path tracePath;

    @Option(names = "--hold-out", split = ",", paramLabel = "LEVEL", description = "Levels left out of the fit and predicted instead, e.g. c2,c6"
            + " (default: every second level from the second, when there are three or more).")
    List<String> holdOut;

    @Option(names = "--out", paramLabel = "FILE", description = "Profile file (default: profiles/<name>.yaml).")
    Path out;

    @Option(names = "--name", description = "Profile name (default: <model>-<engine> from the trace header).")
    String name;

    @Option(names = "--model-name", paramLabel = "NAME", description = "Model name the profile is for, as scenarios name it (default: from the trace's model).")
    String modelName;

    @Option(names = "--gpu", description = "Catalog GPU the server runs on (see 'dime list gpus'); left out when not given.")
    String gpu;

    @Option(names = "--slots", description = "Requests the server batches at once (default: the trace header's slots, else 1).")
    Integer slots;

    @Option(names = "--no-refine", description = "Keep the regression's coefficients; skip the second stage that fits the simulator's latency"
            + " percentiles on the fit levels (about 300 short replays).")
    boolean noRefine;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        Trace trace = Trace.read(tracePath);
        List<String> levels = trace.levels();
        List<String> held = holdOut != null ? holdOut : defaultHoldOut(levels);
        for (String level : held) {
            if (!levels.contains(level)) {
                throw new BadInputException("--hold-out names level '" + level + "', which the trace does not have; accepted: " + String.join(", ", levels));
            }
        }
        List<String> fitLevels = levels.stream().filter(l -> !held.contains(l)).toList();
        if (fitLevels.isEmpty()) {
            throw new BadInputException("--hold-out leaves no level to fit; accepted: at most " + (levels.size() - 1) + " of " + String.join(", ", levels));
        }
        String model = modelName != null ? modelName : ReplayCommand.sanitized(trace.header().getOrDefault("model", "model"));
        String profileName = name != null ? name : model + "-" + ReplayCommand.sanitized(trace.header().getOrDefault("engine", "engine"));
        int batch = ReplayCommand.slots(slots, trace);
        if (out == null && !io.dime.sim.output.RunFolder.isSafeName(profileName)) {
            throw new BadInputException("the profile name '" + profileName + "' cannot name a file under profiles/; accepted: "
                    + io.dime.sim.output.RunFolder.SAFE_NAME_RULE + " (give --name, or --out FILE)");
        }
        Path file = out != null ? out : Path.of("profiles", profileName + ".yaml");
        try {
            io.dime.backend.calibrate.ProfileFile.checkReplaceable(file); // before the fit, not after it
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        String engine = trace.header().getOrDefault("engine", "unknown") + " " + trace.header().getOrDefault("version", "");
        String source = "dime calibrate on " + tracePath.getFileName() + " (" + trace.header().getOrDefault("host", "unknown host") + "), " + LocalDate.now();
        if (gpu != null && !io.dime.sim.catalog.Catalog.builtIn().gpus().containsKey(gpu)) {
            throw new BadInputException("--gpu '" + gpu + "' is not in the catalog; accepted: " + String.join(", ", io.dime.sim.catalog.Catalog.builtIn().gpus().keySet()));
        }

        Calibration.Fit fit = Calibration.fit(trace, fitLevels);
        Replay.Settings replay = new Replay.Settings(file, gpu == null ? ReplayCommand.DEFAULT_GPU : gpu, model, batch);
        if (!noRefine) {
            fit = Refinement.refine(trace, fit, replay, REFINEMENT_REPLAYS);
        }
        ProfileFile.write(file, profileName, gpu == null ? "" : gpu, model, engine.strip(), batch, source, fit, List.of());
        List<Replay.Comparison> errors = List.of();
        if (!held.isEmpty()) {
            errors = Replay.compare(Replay.run(trace, held, replay));
            ProfileFile.write(file, profileName, gpu == null ? "" : gpu, model, engine.strip(), batch, source, fit, errors);
        }
        if (!quiet.on) {
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "fitted on %s (%d requests' time per output token, %d first-token times on an idle server; R² %.3f); slots %d%n",
                    String.join(", ", fitLevels), fit.decodeObservations(), fit.ttftObservations(), fit.rSquared(), batch);
            w.printf(Locale.ROOT, "  step: base %.3f ms + %.2f us per prefill token + %.3f ms per decoding request + %.4f us per context token%n",
                    fit.baseSeconds() * 1e3, fit.perPrefillTokenSeconds() * 1e6, fit.perDecodeRequestSeconds() * 1e3, fit.perContextTokenSeconds() * 1e6);
            w.printf(Locale.ROOT, "  request overhead %.2f ms%n", fit.requestOverheadSeconds() * 1e3);
            if (errors.isEmpty()) {
                w.println("no level held out, so no prediction error to report (use --hold-out, or a plan with three or more levels)");
            } else {
                w.println("held-out levels, simulated with the profile against measured:");
                w.println(ReplayCommand.table(errors));
            }
            w.printf("wrote %s%n", file);
        }
        return 0;
    }

    /** Every second level from the second (c1, c2, c4, c6, c8: hold out c2 and c6), so the fit spans the whole range. */
    static List<String> defaultHoldOut(List<String> levels) {
        List<String> held = new ArrayList<>();
        if (levels.size() >= 3) {
            for (int i = 1; i < levels.size() - 1; i += 2) {
                held.add(levels.get(i));
            }
        }
        return held;
    }
}
