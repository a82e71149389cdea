package io.dime.backend.calibrate;

import io.dime.backend.trace.AtomicWrite;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a fitted profile in the format scenarios read ({@code profile: profiles/NAME.yaml}; see ProfileReader). */
public final class ProfileFile {
    private ProfileFile() {
    }

    /**
     * @param heldOut the held-out levels' errors, written under {@code fit:} (informative; the loader skips it)
     */
    /** The start of every profile Dime writes: a file that starts otherwise is never overwritten. */
    public static final String SIGNATURE = "# Written by dime calibrate";

    /** Refuses a target that is not a new file or a profile Dime wrote. */
    public static void checkReplaceable(Path file) {
        io.dime.backend.trace.AtomicWrite.checkReplaceable(file, SIGNATURE);
    }

    public static void write(Path file, String name, String gpu, String model, String engine, int slots, String source,
                             Calibration.Fit fit, List<Replay.Comparison> heldOut) {
        StringBuilder y = new StringBuilder();
        y.append(SIGNATURE).append(": step times fitted by least squares to the fit levels' time per output token\n");
        y.append("# and to first-token times on an idle server; CPU gaps between steps are folded into base and per_decode_request.\n");
        y.append("name: ").append(quote(name)).append('\n');
        if (!gpu.isEmpty()) {
            y.append("gpu: ").append(quote(gpu)).append('\n');
        }
        y.append("model: ").append(quote(model)).append('\n');
        y.append("engine: ").append(quote(engine)).append('\n');
        appendTimes(y, fit, 4, true);
        y.append("source: ").append(quote(source)).append('\n');
        y.append("fit:\n");
        y.append("  levels: [").append(String.join(", ", fit.fitLevels())).append("]\n");
        y.append("  slots: ").append(slots).append('\n');
        y.append("  decode_observations: ").append(fit.decodeObservations()).append('\n');
        y.append("  ttft_observations: ").append(fit.ttftObservations()).append('\n');
        y.append(String.format(Locale.ROOT, "  r_squared: %.4f%n", fit.rSquared()));
        if (!heldOut.isEmpty()) {
            y.append("  held_out_error_percent:\n");
            for (Replay.Comparison c : heldOut) {
                y.append(String.format(Locale.ROOT, "    %s.%s: %.1f%n", c.level(), c.metric(), c.errorPercent()));
            }
        }
        AtomicWrite.text(file, y, SIGNATURE);
    }

    /**
     * The lines a scenario's simulator reads of a profile (step, cpu_gap, request_overhead and
     * decode_steps), in microseconds with {@code decimals} places; the fit's candidates use them too.
     */
    static void appendTimes(StringBuilder y, Calibration.Fit fit, int decimals, boolean explainTable) {
        y.append(String.format(Locale.ROOT, "step: {base: %s, per_prefill_token: %s, per_decode_request: %s, per_context_token: %s}%n",
                us(fit.baseSeconds(), decimals), us(fit.perPrefillTokenSeconds(), decimals), us(fit.perDecodeRequestSeconds(), decimals),
                us(fit.perContextTokenSeconds(), decimals)));
        y.append("cpu_gap: {per_step: 0us, per_request: 0us}\n");
        y.append("request_overhead: ").append(us(fit.requestOverheadSeconds(), decimals)).append('\n');
        if (fit.decodeStepSeconds() != null) {
            if (explainTable) {
                y.append("# measured step time decoding 1, 2, ... requests (context term apart); beyond the last, + per_decode_request each\n");
            }
            y.append("decode_steps: [");
            for (int i = 0; i < fit.decodeStepSeconds().length; i++) {
                y.append(i == 0 ? "" : ", ").append(us(fit.decodeStepSeconds()[i], decimals));
            }
            y.append("]\n");
        }
        if (fit.scheduling() != null) {
            if (explainTable) {
                y.append("# how the engine builds a step: prompts prefilled beside other requests' decodes, within this many tokens\n");
            }
            y.append("batching: {chunked_prefill: ").append(fit.scheduling().chunkedPrefill()).append(", max_batched_tokens: ")
                    .append(fit.scheduling().maxBatchedTokens()).append("}\n");
        }
    }

    private static String us(double seconds, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "fus", seconds * 1e6);
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
