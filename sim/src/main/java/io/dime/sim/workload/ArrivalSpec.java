package io.dime.sim.workload;

import io.dime.sim.input.Units;
import io.dime.sim.input.Values;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The validated {@code arrival:} mapping of a request class: which arrival process, with which
 * parameters, chosen by {@code process:}. Values only; {@code io.dime.sim.workload.ArrivalProcess}
 * draws the arrivals. Rates are per second, durations in seconds.
 */
public sealed interface ArrivalSpec {
    /** The names a user writes under {@code process:}, in the order error messages quote them. */
    List<String> PROCESSES = ArrivalProcesses.registry().names();

    /** The name under {@code process:}. */
    String process();

    /** Long-run arrivals per second, e.g. for offered-load checks and Little's law. */
    double meanRatePerSecond();

    /** Every key as a user writes it, defaults included, for {@code scenario.resolved.yaml}. */
    LinkedHashMap<String, Object> describe();

    /** Independent users: exponential gaps. */
    record Poisson(double ratePerSecond) implements ArrivalSpec {
        @Override
        public String process() {
            return "poisson";
        }

        @Override
        public double meanRatePerSecond() {
            return ratePerSecond;
        }

        @Override
        public LinkedHashMap<String, Object> describe() {
            return ordered("process", process(), "rate", Units.formatPerSecond(ratePerSecond));
        }
    }

    /**
     * Poisson arrivals whose rate changes in steps: {@code rates[i]} from {@code starts[i]}
     * (seconds; the first start is 0) until the next start. For demand shocks.
     */
    record Steps(List<Double> startsSeconds, List<Double> ratesPerSecond) implements ArrivalSpec {
        public Steps {
            startsSeconds = List.copyOf(startsSeconds);
            ratesPerSecond = List.copyOf(ratesPerSecond);
        }

        @Override
        public String process() {
            return "steps";
        }

        /** The rate of the last step, which lasts forever. */
        @Override
        public double meanRatePerSecond() {
            return ratesPerSecond.get(ratesPerSecond.size() - 1);
        }

        @Override
        public LinkedHashMap<String, Object> describe() {
            List<Object> steps = new java.util.ArrayList<>();
            for (int i = 0; i < startsSeconds.size(); i++) {
                steps.add(ordered("at", Units.formatSeconds(startsSeconds.get(i)), "rate", Units.formatPerSecond(ratesPerSecond.get(i))));
            }
            return ordered("process", process(), "steps", steps);
        }
    }

    /**
     * A renewal process with gamma-distributed gaps of mean 1/rate and coefficient of variation
     * {@code cv}: cv = 1 is Poisson, cv &gt; 1 bursty, cv &lt; 1 more regular than Poisson.
     */
    record Gamma(double ratePerSecond, double cv) implements ArrivalSpec {
        @Override
        public String process() {
            return "gamma";
        }

        @Override
        public double meanRatePerSecond() {
            return ratePerSecond;
        }

        /** A gamma variable's CV is 1/sqrt(shape). */
        public double shape() {
            return 1 / (cv * cv);
        }

        /** Mean gap = shape x scale = 1/rate. */
        public double scaleSeconds() {
            return 1 / (ratePerSecond * shape());
        }

        @Override
        public LinkedHashMap<String, Object> describe() {
            return ordered("process", process(), "rate", Units.formatPerSecond(ratePerSecond), "cv", number(cv));
        }
    }

    /**
     * A daily (or other period) cycle: rate(t) = rate x (1 + amplitude x cos(2 pi (t - peak) / period)),
     * with simulated time 0 at midnight. {@code ratePerSecond} is the mean over a period.
     */
    record Diurnal(double ratePerSecond, double amplitude, double peakSeconds, double periodSeconds) implements ArrivalSpec {
        @Override
        public String process() {
            return "diurnal";
        }

        @Override
        public double meanRatePerSecond() {
            return ratePerSecond;
        }

        @Override
        public LinkedHashMap<String, Object> describe() {
            return ordered("process", process(), "rate", Units.formatPerSecond(ratePerSecond), "amplitude", number(amplitude),
                    "peak", Units.formatSeconds(peakSeconds), "period", Units.formatSeconds(periodSeconds));
        }
    }

    /**
     * On/off bursts: a two-state Markov-modulated Poisson process. The source stays on for an
     * exponential time of mean {@code onMeanSeconds}, arriving at {@code onRatePerSecond}, then
     * off likewise; {@code offRatePerSecond} may be 0.
     */
    record Mmpp(double onRatePerSecond, double offRatePerSecond, double onMeanSeconds, double offMeanSeconds) implements ArrivalSpec {
        @Override
        public String process() {
            return "mmpp";
        }

        /** The on-state's long-run share of time weights the two rates. */
        @Override
        public double meanRatePerSecond() {
            return (onRatePerSecond * onMeanSeconds + offRatePerSecond * offMeanSeconds) / (onMeanSeconds + offMeanSeconds);
        }

        @Override
        public LinkedHashMap<String, Object> describe() {
            return ordered("process", process(),
                    "on_rate", Units.formatPerSecond(onRatePerSecond), "off_rate", Units.formatPerSecond(offRatePerSecond),
                    "on_mean", Units.formatSeconds(onMeanSeconds), "off_mean", Units.formatSeconds(offMeanSeconds));
        }
    }

    /**
     * Replay of a recorded trace, read whole when the scenario loads. Row i arrives
     * {@code offsetsSeconds[i] x timeScale} after the replay starts, where offsets are timestamps
     * minus the first row's; each row carries its own prompt and output lengths.
     * <p>
     * When {@code loop} is set the trace repeats with period = span + mean gap (span = last offset),
     * so the seam between two passes looks like any other gap instead of two arrivals at once.
     * A class, not a record: its arrays are copied in and out and compared by content.
     */
    final class Trace implements ArrivalSpec {
        private final String file;
        private final double[] offsetsSeconds;
        private final int[] promptTokens;
        private final int[] outputTokens;
        private final double timeScale;
        private final boolean loop;

        /**
         * @param file the path as the user wrote it (relative to the scenario's folder)
         * @param offsetsSeconds non-decreasing, starting at 0, ending above 0
         */
        public Trace(String file, double[] offsetsSeconds, int[] promptTokens, int[] outputTokens, double timeScale, boolean loop) {
            if (offsetsSeconds.length < 2 || promptTokens.length != offsetsSeconds.length || outputTokens.length != offsetsSeconds.length) {
                throw new IllegalArgumentException("a trace needs at least two rows, each with a time and two lengths");
            }
            if (offsetsSeconds[0] != 0 || !(offsetsSeconds[offsetsSeconds.length - 1] > 0)) {
                throw new IllegalArgumentException("trace offsets must start at 0 and span a positive time");
            }
            if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
                throw new IllegalArgumentException("time scale must be positive and finite");
            }
            this.file = file;
            this.offsetsSeconds = offsetsSeconds.clone();
            this.promptTokens = promptTokens.clone();
            this.outputTokens = outputTokens.clone();
            this.timeScale = timeScale;
            this.loop = loop;
        }

        @Override
        public String process() {
            return "trace";
        }

        public String file() {
            return file;
        }

        public double timeScale() {
            return timeScale;
        }

        public boolean loop() {
            return loop;
        }

        public int rows() {
            return offsetsSeconds.length;
        }

        /** Row {@code row}'s time since the first row, in trace seconds (before {@code timeScale}). */
        public double offsetSeconds(int row) {
            return offsetsSeconds[row];
        }

        public int promptTokens(int row) {
            return promptTokens[row];
        }

        public int outputTokens(int row) {
            return outputTokens[row];
        }

        /** Time from the first row to the last, in trace seconds. */
        public double spanSeconds() {
            return offsetsSeconds[offsetsSeconds.length - 1];
        }

        /** One pass of a looped replay, in trace seconds: the span plus one mean gap. */
        public double loopPeriodSeconds() {
            return spanSeconds() * rows() / (rows() - 1);
        }

        /** Rows per loop period, in simulated time; while looping this is exactly the long-run rate. */
        @Override
        public double meanRatePerSecond() {
            return rows() / (loopPeriodSeconds() * timeScale);
        }

        @Override
        public LinkedHashMap<String, Object> describe() {
            return ordered("process", process(), "file", file, "time_scale", number(timeScale), "loop", loop);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Trace t && file.equals(t.file) && timeScale == t.timeScale && loop == t.loop
                    && Arrays.equals(offsetsSeconds, t.offsetsSeconds)
                    && Arrays.equals(promptTokens, t.promptTokens)
                    && Arrays.equals(outputTokens, t.outputTokens);
        }

        @Override
        public int hashCode() {
            int hash = file.hashCode();
            hash = 31 * hash + Double.hashCode(timeScale);
            hash = 31 * hash + Boolean.hashCode(loop);
            hash = 31 * hash + Arrays.hashCode(offsetsSeconds);
            hash = 31 * hash + Arrays.hashCode(promptTokens);
            return 31 * hash + Arrays.hashCode(outputTokens);
        }

        @Override
        public String toString() {
            return "Trace[file=" + file + ", rows=" + rows() + ", span=" + Units.formatSeconds(spanSeconds())
                    + ", timeScale=" + timeScale + ", loop=" + loop + "]";
        }
    }

    /**
     * A closed loop, as benchmark clients run: {@code clients} users, each sending its next request
     * {@code thinkSeconds} after its last one ended (completed, failed or timed out). The first
     * requests go at time 0. With {@code lengths}, requests take the trace's prompt and output
     * lengths in row order (its timestamps are ignored) and the class stops after the last row;
     * without, the class's length distributions apply and the loop runs to the end.
     */
    record Closed(int clients, double thinkSeconds, Trace lengths) implements ArrivalSpec {
        @Override
        public String process() {
            return "closed";
        }

        /** Unknown in advance: a closed loop's rate is clients / (response time + think time). */
        @Override
        public double meanRatePerSecond() {
            return Double.NaN;
        }

        @Override
        public LinkedHashMap<String, Object> describe() {
            return lengths == null ? ordered("process", process(), "clients", clients, "think_time", Units.formatSeconds(thinkSeconds))
                    : ordered("process", process(), "clients", clients, "think_time", Units.formatSeconds(thinkSeconds), "file", lengths.file());
        }
    }

    /** Whole numbers without a trailing ".0", as a person writes them. */
    private static Object number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : (Object) value;
    }

    private static LinkedHashMap<String, Object> ordered(Object... keyValues) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
