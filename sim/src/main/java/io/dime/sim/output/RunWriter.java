package io.dime.sim.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.scenario.ScenarioWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The output contract of a run folder: {@code scenario.resolved.yaml}, {@code summary.json}
 * and {@code nodes.csv}. The bytes depend only on the scenario and seed, never on thread
 * count, clock or machine, so two runs can be compared with {@code cmp}.
 */
public final class RunWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunWriter() {
    }

    public static void write(Path folder, RunOutcome outcome) {
        write(folder, outcome, data -> data);
    }

    /** Writes the run folder; {@code around} may add to what is staged (a report), so all of it moves into place at once. */
    public static void write(Path folder, RunOutcome outcome, java.util.function.UnaryOperator<RunFolder.Writer> around) {
        RunFolder.write(folder, around.apply(dir -> writeInto(dir, outcome)));
    }

    /**
     * Several runs side by side (a comparison, a league): run i in sub-folder "i-name", numbered
     * because two scenarios may share a name.
     */
    public static void writeNumbered(Path dir, java.util.List<RunOutcome> outcomes) throws java.io.IOException {
        for (int i = 0; i < outcomes.size(); i++) {
            Path sub = dir.resolve(i + "-" + outcomes.get(i).scenario().name());
            Files.createDirectories(sub);
            writeInto(sub, outcomes.get(i));
        }
    }

    /** Writes the run's files into an existing folder. */
    public static void writeInto(Path dir, RunOutcome outcome) throws java.io.IOException {
        {
            Files.writeString(dir.resolve("scenario.resolved.yaml"), ScenarioWriter.toYaml(outcome.scenario()), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("summary.json"), summaryJson(outcome), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("nodes.csv"), nodesCsv(outcome), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("requests.csv"), requestsCsv(outcome), StandardCharsets.UTF_8);
            if (outcome.scenario().hasToken()) {
                Files.writeString(dir.resolve("timeseries.csv"), timeseriesCsv(outcome), StandardCharsets.UTF_8);
            }
            if (!outcome.replications().get(0).verificationRows().isEmpty()) {
                StringBuilder csv = new StringBuilder(io.dime.sim.verify.Verifier.timeseriesHeader()).append('\n');
                for (ReplicationResult r : outcome.replications()) {
                    r.verificationRows().forEach(row -> csv.append(row).append('\n'));
                }
                Files.writeString(dir.resolve("verification.csv"), csv.toString(), StandardCharsets.UTF_8);
            }
        }
    }

    /** summary.json: metrics nested by their dotted names, each {mean, ci95: [low, high], values}. */
    public static String summaryJson(RunOutcome outcome) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("scenario", outcome.scenario().name());
        root.put("seed", outcome.scenario().seed());
        root.put("replications", outcome.scenario().replications());
        root.put("duration_s", outcome.scenario().durationSeconds());
        root.put("warmup_s", outcome.scenario().warmupSeconds());
        ObjectNode metrics = root.putObject("metrics");
        for (Map.Entry<String, Estimate> entry : outcome.summary().estimates().entrySet()) {
            ObjectNode parent = metrics;
            String[] parts = entry.getKey().split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                ObjectNode child = (ObjectNode) parent.get(parts[i]);
                parent = child != null ? child : parent.putObject(parts[i]);
            }
            parent.set(parts[parts.length - 1], estimate(entry.getValue()));
        }
        ArrayNode runs = root.putArray("runs");
        for (ReplicationResult r : outcome.replications()) {
            ObjectNode run = runs.addObject();
            run.put("replication", r.replication());
            run.put("seed", r.seed());
            run.put("events", r.eventsFired());
            run.put("fingerprint", r.fingerprint());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode estimate(Estimate e) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        putNumber(node, "mean", e.mean());
        ArrayNode ci = node.putArray("ci95");
        addNumber(ci, e.low());
        addNumber(ci, e.high());
        ArrayNode values = node.putArray("values");
        for (double v : e.values()) {
            addNumber(values, v);
        }
        return node;
    }

    /** JSON has no NaN: an undefined value (no samples, one replication) is written as null. */
    private static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    private static void addNumber(ArrayNode array, double value) {
        if (Double.isFinite(value)) {
            array.add(value);
        } else {
            array.addNull();
        }
    }

    /** A deterministic sample of requests (output.requests_sample), every replication. */
    public static String requestsCsv(RunOutcome outcome) {
        StringBuilder csv = new StringBuilder(ReplicationResult.requestHeader()).append('\n');
        for (ReplicationResult r : outcome.replications()) {
            for (String row : r.requestRows()) {
                csv.append(row).append('\n');
            }
        }
        return csv.toString();
    }

    /** One row per epoch and replication: price, supply, pool, operators, controllers. */
    public static String timeseriesCsv(RunOutcome outcome) {
        StringBuilder csv = new StringBuilder(io.dime.sim.market.Economy.timeseriesHeader(outcome.scenario())).append('\n');
        for (ReplicationResult r : outcome.replications()) {
            for (String row : r.timeseriesRows()) {
                csv.append(row).append('\n');
            }
        }
        return csv.toString();
    }

    public static String nodesCsv(RunOutcome outcome) {
        StringBuilder csv = new StringBuilder("replication,node,group,gpu,region,served,utilization,availability,preemptions,mean_batch,cost_usd,revenue_usd\n");
        for (ReplicationResult r : outcome.replications()) {
            for (ReplicationResult.NodeRow n : r.nodes()) {
                csv.append(r.replication()).append(',')
                        .append(n.node()).append(',')
                        .append(n.group()).append(',')
                        .append(n.gpu()).append(',')
                        .append(n.region()).append(',')
                        .append(n.served()).append(',')
                        .append(String.format(Locale.ROOT, "%.6f,%.6f,%d,%s,%.6f,%.6f", n.utilization(), n.availability(), n.preemptions(),
                                Double.isNaN(n.meanBatch()) ? "" : String.format(Locale.ROOT, "%.3f", n.meanBatch()), n.costUsd(), n.revenueUsd()))
                        .append('\n');
            }
        }
        return csv.toString();
    }
}
