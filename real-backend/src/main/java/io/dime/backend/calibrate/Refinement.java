package io.dime.backend.calibrate;

import io.dime.backend.trace.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * The second stage of a calibration: least squares on what the simulator predicts. Starting from
 * the regression of {@link Calibration}, BOBYQA (commons-math3, derivative-free, bounded) adjusts
 * the five coefficients to minimize the sum over the fit levels of squared log ratios, simulated
 * over measured, of TTFT p50, TPOT p50, end-to-end p50 and end-to-end p99, each level replayed
 * through the simulator as {@link Replay} does. Why: the regression fits each request's mean step
 * in isolation, but what a profile is for is the latency distribution the simulator produces, where
 * queueing behind prefills, batching and closed-loop feedback interact; this stage fits that
 * directly. The replay is deterministic, so the objective is too.
 */
public final class Refinement {
    /**
     * The smallest scale of each coefficient, seconds: base, per prefill token, per decoding request,
     * per context token, overhead; the sixth is a factor on the whole measured decode table.
     */
    private static final double[] SCALE_FLOOR = {0.5e-3, 20e-6, 0.2e-3, 0.2e-6, 1e-3, 1};
    private static final int PARAMETERS = SCALE_FLOOR.length;
    private static final double UPPER = 20;
    private static final List<String> FITTED = List.of("ttft_ms.p50", "tpot_ms.p50", "e2e_ms.p50", "e2e_ms.p99");

    private Refinement() {
    }

    /**
     * @param evaluations at most this many replays of the fit levels
     */
    public static Calibration.Fit refine(Trace trace, Calibration.Fit start, Replay.Settings settings, int evaluations) {
        double[] scale = new double[PARAMETERS];
        double[] initial = coefficients(start);
        double[] x0 = new double[PARAMETERS];
        for (int k = 0; k < PARAMETERS; k++) {
            scale[k] = Math.max(initial[k], SCALE_FLOOR[k]);
            x0[k] = Math.min(UPPER, initial[k] / scale[k]);
        }
        Path folder;
        try {
            folder = Files.createTempDirectory("dime-refine-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path profile = folder.resolve("candidate.yaml");
            Replay.Settings candidate = new Replay.Settings(profile, settings.gpu(), settings.model(), settings.maxBatch());
            MultivariateFunction objective = x -> {
                writeProfile(profile, settings.model(), candidate(start, x, scale));
                double sum = 0;
                for (Replay.Comparison c : Replay.compare(Replay.run(trace, start.fitLevels(), candidate))) {
                    if (FITTED.contains(c.metric()) && c.measured() > 0 && c.simulated() > 0) {
                        double logRatio = Math.log(c.simulated() / c.measured());
                        sum += logRatio * logRatio;
                    } else if (FITTED.contains(c.metric())) {
                        sum += 100; // a level that produced nothing: far from right
                    }
                }
                return sum;
            };
            double[] lower = new double[PARAMETERS];
            double[] upper = new double[PARAMETERS];
            java.util.Arrays.fill(upper, UPPER);
            BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * PARAMETERS + 1, 0.2, 1e-3);
            PointValuePair best = optimizer.optimize(new MaxEval(evaluations), new ObjectiveFunction(objective), GoalType.MINIMIZE,
                    new InitialGuess(x0), new SimpleBounds(lower, upper));
            return candidate(start, best.getPoint(), scale);
        } catch (org.apache.commons.math3.exception.TooManyEvaluationsException e) {
            throw new IllegalStateException("the refinement did not settle within " + evaluations + " replays", e);
        } finally {
            Replay.deleteQuietly(folder);
        }
    }

    private static double[] coefficients(Calibration.Fit fit) {
        return new double[] {fit.baseSeconds(), fit.perPrefillTokenSeconds(), fit.perDecodeRequestSeconds(), fit.perContextTokenSeconds(),
                fit.requestOverheadSeconds(), 1};
    }

    /** The fit at point {@code x} of the optimizer's scaled space. */
    private static Calibration.Fit candidate(Calibration.Fit start, double[] x, double[] scale) {
        double[] table = start.decodeStepSeconds();
        if (table != null) {
            table = table.clone();
            for (int i = 0; i < table.length; i++) {
                table[i] *= x[5] * scale[5];
            }
        }
        return start.with(x[0] * scale[0], x[1] * scale[1], x[2] * scale[2], x[3] * scale[3], x[4] * scale[4], table);
    }

    private static void writeProfile(Path file, String model, Calibration.Fit fit) {
        StringBuilder text = new StringBuilder("name: candidate\nmodel: ").append(ProfileFile.quote(model)).append('\n');
        ProfileFile.appendTimes(text, fit, 6, false);
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
