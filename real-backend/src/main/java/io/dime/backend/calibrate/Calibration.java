package io.dime.backend.calibrate;

import io.dime.backend.trace.Trace;
import io.dime.backend.trace.TraceException;
import io.dime.backend.trace.TraceRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Fits the simulator's step-time model to a trace, by least squares over two kinds of observation.
 *
 * <p><b>Decode:</b> a measured request's mean time per output token (TPOT) is the mean length of
 * the steps it sat through: {@code TPOT = base + perDecodeRequest·n + perContextToken·ctx +
 * perPrefillToken·prefilled/(tokens−1)}, where {@code n} and {@code ctx} are the time-averaged
 * number of decoding requests and their context over the request's decode phase, and
 * {@code prefilled} the prompt tokens of other requests that got their first token meanwhile (their
 * prefills stalled it). Averaging over a request's whole decode phase, not single gaps, matters:
 * servers flush tokens in bursts, so single gaps swing between 0.3 and 5 ms around a 2.6 ms step.
 * The batch state is reconstructed from the trace's rows alone ({@link BatchState}).
 *
 * <p><b>Prefill:</b> a request sent to an idle server (nothing decoding, no other prompt waiting)
 * has {@code TTFT = requestOverhead + base + perPrefillToken·prompt}.
 *
 * <p>Both kinds go into one ordinary least-squares fit (commons-math3) with an indicator column for
 * the overhead; a coefficient that comes out negative is fixed at 0 and the rest refitted, so the
 * profile never makes a step faster with more work. The CPU gaps between steps are folded into
 * {@code base} and {@code perDecodeRequest} (the client cannot tell them apart).
 */
public final class Calibration {
    /** Samples per request's decode phase when averaging the batch state over it. */
    private static final int STATE_SAMPLES = 40;

    /** The fitted model: seconds, as the profile's step section takes them. */
    public record Fit(double baseSeconds, double perPrefillTokenSeconds, double perDecodeRequestSeconds, double perContextTokenSeconds,
                      double requestOverheadSeconds, double[] decodeStepSeconds, int decodeObservations, int ttftObservations, double rSquared,
                      List<String> fitLevels, Scheduling scheduling) {
        /** The same fit with other coefficients (the refinement's candidates). */
        public Fit with(double base, double perPrefill, double perDecode, double perContext, double overhead, double[] decodeSteps) {
            return new Fit(base, perPrefill, perDecode, perContext, overhead, decodeSteps, decodeObservations, ttftObservations, rSquared, fitLevels,
                    scheduling);
        }
    }

    /**
     * How the traced engine builds a step, when Dime knows it: whether prompts are prefilled in the
     * same step as the decodes of other requests, and the most tokens one step takes.
     *
     * <p>llama.cpp's server (its continuous batching, on by default) fills each step with one token
     * for every slot that is generating and then with prompt tokens of the slots that are
     * processing a prompt, up to its batch size ({@code --batch-size}, 2048 by default): a new
     * prompt delays the other requests' next token by its prefill, and they still advance in that
     * step. Replayed without it (a step either prefills or decodes, as vLLM without chunked prefill),
     * a prompt arriving among five decoding requests got its first token in 11 ms where llama-server
     * took 22 ms (the measured gap of the requests decoding meanwhile), and the closed-loop levels'
     * first-token times came out 15-20% low.
     *
     * @param chunkedPrefill   prompts and decodes share a step
     * @param maxBatchedTokens the engine's token budget per step
     */
    public record Scheduling(boolean chunkedPrefill, int maxBatchedTokens) {
        /** llama-server's default batch size, tokens (llama.cpp's {@code --batch-size}). */
        public static final int LLAMA_CPP_BATCH_TOKENS = 2048;

        /** What Dime knows of the engine the trace header names; null for an engine it does not know. */
        public static Scheduling of(String engine) {
            return engine != null && engine.strip().toLowerCase(java.util.Locale.ROOT).startsWith("llama.cpp")
                    ? new Scheduling(true, LLAMA_CPP_BATCH_TOKENS) : null;
        }
    }

    /** Gaps per window when reading decode step times off the trace: servers flush tokens in bursts, a window evens them out. */
    private static final int WINDOW_GAPS = 4;
    /** Windows a batch size needs before the table trusts its median. */
    private static final int MIN_WINDOWS = 12;

    private Calibration() {
    }

    public static Fit fit(Trace trace, List<String> fitLevels) {
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        int decodeRows = 0;
        int ttftRows = 0;
        for (String level : fitLevels) {
            List<TraceRow> all = trace.level(level);
            if (all.isEmpty()) {
                throw new TraceException("the trace has no level '" + level + "'; accepted: " + String.join(", ", trace.levels()));
            }
            BatchState state = new BatchState(all);
            for (TraceRow r : trace.measured(level)) {
                int gaps = r.gapsMs().length;
                if (gaps > 0) {
                    double first = r.firstTokenSeconds();
                    double end = first + java.util.Arrays.stream(r.gapsMs()).sum() / 1000;
                    double[] mean = state.averaged(first, end, STATE_SAMPLES);
                    x.add(new double[] {mean[0], mean[1], state.prefilledTokens(first, end, r) / gaps, 0});
                    y.add(r.tpotMs() / 1000);
                    decodeRows++;
                }
                if (state.decoding(r.sendSeconds()) == 0 && !state.otherPrefilling(r.sendSeconds(), r)) {
                    x.add(new double[] {0, 0, r.promptTokens(), 1});
                    y.add(r.ttftMs() / 1000);
                    ttftRows++;
                }
            }
        }
        if (decodeRows < 5 || ttftRows < 3) {
            throw new TraceException("the fit levels " + fitLevels + " hold " + decodeRows + " requests with two or more output tokens and "
                    + ttftRows + " sent to an idle server; accepted: at least 5 and 3 (add a level with concurrency 1, or more requests)");
        }
        boolean[] free = {true, true, true, true};
        Regression r;
        while (true) {
            r = regress(x, y, free);
            int negative = -1;
            for (int k = 0; k < free.length; k++) {
                if (free[k] && r.beta[k + 1] < 0 && (negative < 0 || r.beta[k + 1] < r.beta[negative + 1])) {
                    negative = k;
                }
            }
            if (negative < 0) {
                break;
            }
            free[negative] = false;
        }
        double[] beta = r.beta;
        double base = Math.max(0, beta[0]);
        double perDecode = beta[1];
        double perContext = beta[2];
        double[] table = decodeTable(trace, fitLevels, base, perDecode);
        // The table's medians hold the context of the levels they were read at; a separate context
        // term on top would count it twice (the refinement may still raise it from 0).
        return new Fit(base, beta[3], perDecode, table == null ? perContext : 0, beta[4], table, decodeRows, ttftRows, r.rSquared,
                List.copyOf(fitLevels), Scheduling.of(trace.header().get("engine")));
    }

    /**
     * The measured step time at each batch size: windows of {@link #WINDOW_GAPS} consecutive gaps
     * of one request during which no other request got its first token (no prefill stalled them),
     * grouped by how many requests were decoding at the window's middle; each group's median is
     * that batch size's step (at the context the fit levels had). Sizes seen too rarely are interpolated
     * between their neighbours (or taken from the linear fit below the smallest seen). Null when no
     * batch size was seen often enough.
     */
    static double[] decodeTable(Trace trace, List<String> fitLevels, double base, double perDecode) {
        java.util.Map<Integer, List<Double>> byBatch = new java.util.TreeMap<>();
        for (String level : fitLevels) {
            BatchState state = new BatchState(trace.level(level));
            for (TraceRow r : trace.measured(level)) {
                double t = r.firstTokenSeconds();
                double[] gaps = r.gapsMs();
                for (int i = 0; i + WINDOW_GAPS <= gaps.length; i += WINDOW_GAPS) {
                    double window = 0;
                    for (int k = i; k < i + WINDOW_GAPS; k++) {
                        window += gaps[k] / 1000;
                    }
                    double from = t;
                    t += window;
                    if (state.prefilledTokens(from, t, r) > 0) {
                        continue;
                    }
                    double middle = (from + t) / 2;
                    byBatch.computeIfAbsent(state.decoding(middle), n -> new ArrayList<>()).add(window / WINDOW_GAPS);
                }
            }
        }
        byBatch.values().removeIf(windows -> windows.size() < MIN_WINDOWS);
        byBatch.remove(0);
        if (byBatch.isEmpty()) {
            return null;
        }
        int largest = ((java.util.TreeMap<Integer, List<Double>>) byBatch).lastKey();
        double[] table = new double[largest];
        java.util.Arrays.fill(table, Double.NaN);
        byBatch.forEach((n, windows) -> table[n - 1] = median(windows));
        for (int i = 0; i < largest; i++) {
            if (Double.isNaN(table[i])) {
                int next = i + 1;
                while (Double.isNaN(table[next])) {
                    next++;
                }
                table[i] = i == 0 || Double.isNaN(table[i - 1])
                        ? Math.max(0, Math.min(table[next], base + perDecode * (i + 1)))
                        : table[i - 1] + (table[next] - table[i - 1]) / (next - i + 1);
            }
        }
        return table;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private record Regression(double[] beta, double rSquared) {
    }

    /** OLS of y on an intercept and the free columns of x; a fixed column's coefficient is 0. */
    private static Regression regress(List<double[]> x, List<Double> y, boolean[] free) {
        int columns = 0;
        for (boolean f : free) {
            columns += f ? 1 : 0;
        }
        double[] beta = new double[free.length + 1];
        double[] ys = y.stream().mapToDouble(Double::doubleValue).toArray();
        if (columns == 0) {
            beta[0] = java.util.Arrays.stream(ys).average().orElse(0);
            return new Regression(beta, 0);
        }
        double[][] xs = new double[x.size()][columns];
        for (int i = 0; i < x.size(); i++) {
            int c = 0;
            for (int k = 0; k < free.length; k++) {
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
            for (int k = 0; k < free.length; k++) {
                if (free[k]) {
                    beta[k + 1] = b[c++];
                }
            }
            return new Regression(beta, ols.calculateRSquared());
        } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
            // A column that never varies (one concurrency level, one prompt length): drop the last free one and retry.
            for (int k = free.length - 1; k >= 0; k--) {
                if (free[k]) {
                    boolean[] fewer = free.clone();
                    fewer[k] = false;
                    return regress(x, y, fewer);
                }
            }
            throw e;
        }
    }

}
