package io.dime.sim.scenario;

import io.dime.sim.input.YamlReader;
import io.dime.sim.input.Mark;
import io.dime.sim.input.Obj;
import io.dime.sim.input.Values;
import io.dime.sim.input.InputFile;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.node.StepModel;
import io.dime.sim.scenario.Scenario.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a node profile: the step-time coefficients of one engine serving one model on one
 * GPU, measured on a real server. {@code dime calibrate} writes such files; a scenario uses one
 * with {@code profile: profiles/NAME.yaml}. Shape:
 *
 * <pre>
 * name: h100-llama3-8b-vllm
 * gpu: h100-sxm
 * model: llama-3-8b
 * engine: vLLM 0.6.0
 * step: {base: 7.5ms, per_prefill_token: 24us, per_decode_request: 30us, per_context_token: 0.04us}
 * cpu_gap: {per_step: 126us, per_request: 4us}
 * request_overhead: 15ms
 * decode_steps: [2.2ms, 4.5ms, 7.0ms, 9.9ms]   # optional: measured step time decoding 1, 2, 3, 4 requests
 * kv_capacity_tokens: 400000     # optional; otherwise from GPU memory
 * batching: {chunked_prefill: true, max_batched_tokens: 2048}   # optional: how the engine builds a step
 * source: "dime calibrate on trace X, 2026-11-22"
 * </pre>
 */
public final class ProfileReader {
    private ProfileReader() {
    }

    /** Reads the profile {@code file} named at {@code path}; mistakes inside it are reported with both places. */
    public static Profile read(String file, Path baseDir, String path, Mark mark) {
        Path resolved = baseDir == null ? Path.of(file) : baseDir.resolve(file);
        if (!Files.exists(resolved)) {
            throw new ScenarioException(path, mark, "no such profile file '" + file + "' (looked for " + resolved + "); accepted: a path relative to the scenario file");
        }
        String text = InputFile.readYaml(resolved, "profile", problem -> new ScenarioException(path, mark, problem));
        try {
            return parse(text, resolved.toAbsolutePath().normalize().toString());
        } catch (ScenarioException inner) {
            throw new ScenarioException(path, mark, "in profile " + file + ": " + inner.getMessage().replace("; ", ", ") + "; see the profile format in scenarios/README.md");
        }
    }

    public static Profile parse(String text, String file) {
        Obj root = Obj.of(YamlReader.read(text), "");
        String name = root.string("name", file);
        String gpu = root.string("gpu", "");
        String model = root.string("model", "");
        String engine = root.string("engine", "");
        Obj step = root.object("step");
        double max = 3600;
        double base = step.seconds("base", 0, max);
        double perPrefill = step.seconds("per_prefill_token", 0, max);
        double perDecode = step.seconds("per_decode_request", 0, max);
        double perContext = step.seconds("per_context_token", 0, 0, max);
        step.finish();
        Obj gap = root.objectOrEmpty("cpu_gap");
        double gapPerStep = gap.seconds("per_step", 0, 0, max);
        double gapPerRequest = gap.seconds("per_request", 0, 0, max);
        gap.finish();
        double requestOverhead = root.seconds("request_overhead", 0, 0, max);
        double[] decodeSteps = null;
        java.util.List<io.dime.sim.input.YamlNode> listed = root.listOrEmpty("decode_steps");
        if (!listed.isEmpty()) {
            decodeSteps = new double[listed.size()];
            for (int i = 0; i < listed.size(); i++) {
                String where = root.pathOf("decode_steps") + "[" + i + "]";
                decodeSteps[i] = Values.seconds(Values.scalar(listed.get(i), where, "a step time such as 2.5ms"), where, 0, max);
            }
        }
        long kvTokens = root.integer("kv_capacity_tokens", 0, 0, Long.MAX_VALUE / 2);
        String source = root.string("source", "");
        Boolean chunked = null;
        long maxBatchedTokens = 0;
        if (root.has("batching")) {
            Obj batching = root.object("batching");
            chunked = batching.has("chunked_prefill") ? batching.bool("chunked_prefill", false) : null;
            maxBatchedTokens = batching.integer("max_batched_tokens", 0, 16, 10_000_000);
            batching.finish();
        }
        root.objectOrEmpty("fit"); // calibration diagnostics: informative only
        root.finish();
        return new Profile(file, name, gpu, model, engine,
                new StepModel(base, perPrefill, perDecode, perContext, gapPerStep, gapPerRequest, decodeSteps),
                requestOverhead, kvTokens, source, chunked, maxBatchedTokens);
    }
}
