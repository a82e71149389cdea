package io.dime.backend.calibrate;

import io.dime.backend.trace.Trace;
import io.dime.backend.trace.TraceException;
import io.dime.backend.trace.TraceRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Fits the simulator's step-time model to a trace.
 *
 * <p>Every inter-token gap of a measured request is one step of the server seen from the client:
 * {@code gap = base + perDecodeRequest·decoding + perContextToken·context + perPrefillToken·prefilled},
 * with the batch state at the gap's end reconstructed from the trace ({@link BatchState}). Ordinary
 * least squares (commons-math3) gives the four coefficients; one that comes out negative is fixed
 * at 0 and the rest refitted, so the profile never makes a step faster with more work. The CPU
 * gaps between steps are folded into {@code base} and {@code perDecodeRequest} (the client cannot
 * tell them apart). The request overhead (HTTP, tokenization, scheduling) is the median of TTFT
 * minus the fitted prefill step over requests sent to an idle server, or over all requests when
 * none was.
 */
public final class Calibration {
    /** The fitted model: seconds, as the profile's step section takes them. */
    public record Fit(double baseSeconds, double perPrefillTokenSeconds, double perDecodeRequestSeconds, double perContextTokenSeconds,
                      double requestOverheadSeconds, int gapObservations, int ttftObservations, double gapRSquared, List<String> fitLevels) {
    }

    private Calibration() {
    }

    public static Fit fit(Trace trace, List<String> fitLevels) {
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (String level : fitLevels) {
            List<TraceRow> all = trace.level(level);
            if (all.isEmpty()) {
                throw new TraceException("the trace has no level '" + level + "'; accepted: " + String.join(", ", trace.levels()));
            }
            BatchState state = new BatchState(all);
            for (TraceRow r : trace.measured(level)) {
                double t = r.firstTokenSeconds();
                for (double gapMs : r.gapsMs()) {
                    double from = t;
                    t += gapMs / 1000;
                    double mid = (from + t) / 2;
                    x.add(new double[] {state.decoding(mid), state.contextTokens(mid), state.prefilledTokens(from, t, r)});
                    y.add(gapMs / 1000);
                }
            }
        }
        if (y.size() < 10) {
            throw new TraceException("only " + y.size() + " inter-token gaps in the fit levels " + fitLevels
                    + "; accepted: a trace with at least 10 (requests of two or more output tokens)");
        }
        boolean[] free = {true, true, true};
        double[] beta;
        double rSquared;
        while (true) {
            Regression r = regress(x, y, free);
            beta = r.beta;
            rSquared = r.rSquared;
            int negative = -1;
            for (int k = 0; k < 3; k++) {
                if (free[k] && beta[k + 1] < 0 && (negative < 0 || beta[k + 1] < beta[negative + 1])) {
                    negative = k;
                }
            }
            if (negative < 0) {
                break;
            }
            free[negative] = false;
        }
        double base = Math.max(0, beta[0]);
        double perDecode = beta[1];
        double perContext = beta[2];
        double perPrefill = beta[3];
        // Request overhead: TTFT minus the step that prefilled the prompt.
        List<Double> idle = new ArrayList<>();
        List<Double> any = new ArrayList<>();
        for (String level : fitLevels) {
            BatchState state = new BatchState(trace.level(level));
            for (TraceRow r : trace.measured(level)) {
                double sent = r.sendSeconds();
                int decoding = state.decoding(sent);
                double step = base + perPrefill * r.promptTokens() + perDecode * (decoding + 1) + perContext * state.contextTokens(sent);
                double overhead = r.ttftMs() / 1000 - step;
                any.add(overhead);
                if (decoding == 0) {
                    idle.add(overhead);
                }
            }
        }
        List<Double> chosen = idle.size() >= 5 ? idle : any;
        double overhead = Math.max(0, median(chosen));
        return new Fit(base, perPrefill, perDecode, perContext, overhead, y.size(), chosen.size(), rSquared, List.copyOf(fitLevels));
    }

    private record Regression(double[] beta, double rSquared) {
    }

    /** OLS of y on an intercept and the free columns of x; a fixed column's coefficient is 0. */
    private static Regression regress(List<double[]> x, List<Double> y, boolean[] free) {
        int columns = 0;
        for (boolean f : free) {
            columns += f ? 1 : 0;
        }
        double[] beta = new double[4];
        double[] ys = y.stream().mapToDouble(Double::doubleValue).toArray();
        if (columns == 0) {
            beta[0] = java.util.Arrays.stream(ys).average().orElse(0);
            return new Regression(beta, 0);
        }
        double[][] xs = new double[x.size()][columns];
        for (int i = 0; i < x.size(); i++) {
            int c = 0;
            for (int k = 0; k < 3; k++) {
                if (free[k]) {
                    xs[i][c++] = x.get(i)[k];
                }
            }
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        try {
            ols.newSampleData(ys, xs);
            double[] b = ols.estimateRegressionParameters();
            beta[0] = b[0];
            int c = 1;
            for (int k = 0; k < 3; k++) {
                if (free[k]) {
                    beta[k + 1] = b[c++];
                }
            }
            return new Regression(beta, ols.calculateRSquared());
        } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
            // A column that never varies (one concurrency level, one prompt length): drop the last free one and retry.
            for (int k = 2; k >= 0; k--) {
                if (free[k]) {
                    boolean[] fewer = free.clone();
                    fewer[k] = false;
                    return regress(x, y, fewer);
                }
            }
            throw e;
        }
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
