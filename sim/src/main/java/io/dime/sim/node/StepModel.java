package io.dime.sim.node;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.catalog.Gpu;
import io.dime.sim.catalog.ModelShape;

/**
 * The time of one engine iteration (a "step") of a continuously batching server:
 * {@code base + perPrefillToken·prefill_tokens + perDecodeRequest·decode_requests +
 * perContextToken·context_tokens}, then a CPU gap of {@code gapPerStep + gapPerRequest·batch}
 * before the next step starts. All in seconds.
 *
 * <p>The linear form is the one black-box simulators fit to vLLM (inference-sim's
 * {@code a + b·prefill + c·decode}, FACTS.md), with a context term for the KV reads of attention
 * during decode. The CPU gap matters: without it simulated TTFT came out 17-56% low
 * (inference-sim issue 482, FACTS.md).
 */
public record StepModel(
        double baseSeconds,
        double perPrefillTokenSeconds,
        double perDecodeRequestSeconds,
        double perContextTokenSeconds,
        double gapPerStepSeconds,
        double gapPerRequestSeconds,
        double[] decodeStepSeconds) {

    /**
     * @param decodeStepSeconds null, or a measured table: entry i is the time of a step that decodes
     *                          i + 1 requests (base included, context excluded). It replaces
     *                          {@code base + perDecodeRequest·n} for the batch sizes it covers, and
     *                          beyond its last entry grows by {@code perDecodeRequest} per request.
     *                          Engines whose kernels change with the batch size (llama.cpp on a CPU
     *                          is fastest at a batch of 8) need it; a line cannot follow them.
     */
    public StepModel {
        decodeStepSeconds = decodeStepSeconds == null ? null : decodeStepSeconds.clone();
    }

    /** The linear model, without a measured table. */
    public StepModel(double baseSeconds, double perPrefillTokenSeconds, double perDecodeRequestSeconds, double perContextTokenSeconds,
                     double gapPerStepSeconds, double gapPerRequestSeconds) {
        this(baseSeconds, perPrefillTokenSeconds, perDecodeRequestSeconds, perContextTokenSeconds, gapPerStepSeconds, gapPerRequestSeconds, null);
    }

    /** Busy time of one step, CPU gap included. */
    public double stepSeconds(long prefillTokens, int decodeRequests, long contextTokens, int batchSize) {
        return decodePart(decodeRequests) + perPrefillTokenSeconds * prefillTokens
                + perContextTokenSeconds * contextTokens + gapPerStepSeconds + gapPerRequestSeconds * batchSize;
    }

    /** The step's time for its base and its decoding requests: from the table when there is one. */
    private double decodePart(int decodeRequests) {
        if (decodeStepSeconds == null || decodeRequests == 0) {
            return baseSeconds + perDecodeRequestSeconds * decodeRequests;
        }
        int listed = decodeStepSeconds.length;
        return decodeRequests <= listed ? decodeStepSeconds[decodeRequests - 1]
                : decodeStepSeconds[listed - 1] + perDecodeRequestSeconds * (decodeRequests - listed);
    }

    @Override
    public double[] decodeStepSeconds() {
        return decodeStepSeconds == null ? null : decodeStepSeconds.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StepModel m && baseSeconds == m.baseSeconds && perPrefillTokenSeconds == m.perPrefillTokenSeconds
                && perDecodeRequestSeconds == m.perDecodeRequestSeconds && perContextTokenSeconds == m.perContextTokenSeconds
                && gapPerStepSeconds == m.gapPerStepSeconds && gapPerRequestSeconds == m.gapPerRequestSeconds
                && java.util.Arrays.equals(decodeStepSeconds, m.decodeStepSeconds);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(baseSeconds, perPrefillTokenSeconds, perDecodeRequestSeconds, perContextTokenSeconds, gapPerStepSeconds,
                gapPerRequestSeconds, java.util.Arrays.hashCode(decodeStepSeconds));
    }

    @Override
    public String toString() {
        return "StepModel[base=" + baseSeconds + ", perPrefillToken=" + perPrefillTokenSeconds + ", perDecodeRequest=" + perDecodeRequestSeconds
                + ", perContextToken=" + perContextTokenSeconds + ", gapPerStep=" + gapPerStepSeconds + ", gapPerRequest=" + gapPerRequestSeconds
                + (decodeStepSeconds == null ? "" : ", decodeSteps=" + java.util.Arrays.toString(decodeStepSeconds)) + "]";
    }

    /**
     * Total time of {@code k} consecutive decode steps of the same {@code n} requests whose
     * context starts at {@code contextTokens} and grows by {@code n} each step:
     * {@code k·step(ctx) + perContextToken·n·k(k−1)/2}.
     */
    public double decodeRunSeconds(int n, long contextTokens, long k) {
        double first = stepSeconds(0, n, contextTokens, n);
        return k * first + perContextTokenSeconds * n * (k * (k - 1) / 2.0);
    }

    /**
     * Defaults from the GPU's datasheet and the model's shape. Each step reads every weight once
     * (memory-bound: weight bytes over achievable bandwidth); each prefill token and each decode
     * request costs 2·active parameters FLOPs at achievable BF16 throughput; each context token
     * of a decoding request reads its KV cache once. Summing the memory and compute terms instead
     * of taking their maximum overestimates mixed steps slightly; it keeps the form linear.
     * Mixtures of experts read all experts' weights once the batch is large enough to touch them,
     * so the base uses total, not active, parameters.
     *
     * @param gpusPerStage tensor-parallel degree: weights, bandwidth and FLOP/s are split over
     *                     that many GPUs at the catalog's tensor-parallel efficiency
     */
    public static StepModel roofline(Gpu gpu, ModelShape model, int gpusPerStage, Catalog catalog) {
        double parallel = gpusPerStage == 1 ? 1 : gpusPerStage * catalog.constant("roofline.tensor_parallel_efficiency");
        double bandwidth = gpu.memoryBandwidthBytesPerS() * catalog.constant("roofline.bandwidth_efficiency") * parallel;
        double flops = gpu.bf16FlopsPerS() * catalog.constant("roofline.prefill_mfu") * parallel;
        double flopsPerToken = 2.0 * model.activeParams();
        return new StepModel(
                model.weightBytes() / bandwidth,
                flopsPerToken / flops,
                flopsPerToken / flops,
                model.kvBytesPerToken() / bandwidth,
                catalog.constant("serving.cpu_gap_per_step_us") * 1e-6,
                catalog.constant("serving.cpu_gap_per_request_us") * 1e-6);
    }

    /** Every coefficient times {@code factor}: a slower execution environment (a TEE's overhead). */
    public StepModel scaled(double factor) {
        double[] table = null;
        if (decodeStepSeconds != null) {
            table = decodeStepSeconds.clone();
            for (int i = 0; i < table.length; i++) {
                table[i] *= factor;
            }
        }
        return new StepModel(baseSeconds * factor, perPrefillTokenSeconds * factor, perDecodeRequestSeconds * factor,
                perContextTokenSeconds * factor, gapPerStepSeconds * factor, gapPerRequestSeconds * factor, table);
    }

    /**
     * The same work split into {@code stages} pipeline stages on different machines (Petals-like,
     * no micro-batching): each stage holds 1/stages of the layers, so compute and weight reads sum
     * to the unsplit total, but every step crosses {@code stages − 1} network hops, each paying
     * one-way latency plus the activations of every token in the step (hidden · bytes each).
     */
    public StepModel pipelined(int stages, double hopLatencySeconds, double activationBytesPerToken, double hopBytesPerSecond) {
        if (stages == 1) {
            return this;
        }
        int hops = stages - 1;
        double perTokenTransfer = hops * activationBytesPerToken / hopBytesPerSecond;
        double[] table = null;
        if (decodeStepSeconds != null) {
            table = decodeStepSeconds.clone();
            for (int i = 0; i < table.length; i++) {
                table[i] += hops * hopLatencySeconds + perTokenTransfer * (i + 1);
            }
        }
        return new StepModel(
                baseSeconds + hops * hopLatencySeconds,
                perPrefillTokenSeconds + perTokenTransfer,
                perDecodeRequestSeconds + perTokenTransfer,
                perContextTokenSeconds,
                gapPerStepSeconds,
                gapPerRequestSeconds,
                table);
    }
}
