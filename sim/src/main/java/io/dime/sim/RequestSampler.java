package io.dime.sim;

import io.dime.sim.kernel.Fingerprint;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps a sample of measured requests for {@code requests.csv}. Whether a request is kept
 * depends only on its id and the replication seed (a hash, not a random draw), so sampling
 * shifts no random stream and the same requests are kept on every run. Memory is bounded by
 * {@code output.max_request_rows}.
 */
final class RequestSampler {
    static final String HEADER = "replication,request,class,client_region,node,node_region,status,arrival_s,prompt_tokens,output_tokens,attempts,ttft_ms,e2e_ms";

    private final Scenario scenario;
    private final int replication;
    private final long seed;
    private final double share;
    private final int maxRows;
    private final List<String> rows = new ArrayList<>();

    RequestSampler(Scenario scenario, int replication, long seed) {
        this.scenario = scenario;
        this.replication = replication;
        this.seed = seed;
        this.share = scenario.output().requestsSample();
        this.maxRows = scenario.output().maxRequestRows();
    }

    void record(Request request, String status, double ttftSeconds, double e2eSeconds, String clientRegion, String nodeRegion) {
        if (!request.measured || rows.size() >= maxRows || !kept(request.id)) {
            return;
        }
        rows.add(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%s,%s,%.6f,%d,%d,%d,%s,%s",
                replication, request.id, scenario.workload().get(request.requestClass).name(), clientRegion,
                request.node() >= 0 ? Integer.toString(request.node()) : "", nodeRegion, status,
                request.arrivalTime, request.promptTokens, request.outputTokens, request.attempts(),
                millis(ttftSeconds), millis(e2eSeconds)));
    }

    private boolean kept(long id) {
        long hash = Fingerprint.mix(seed, id);
        return (hash >>> 11) * 0x1.0p-53 < share;
    }

    private static String millis(double seconds) {
        return Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.3f", seconds * 1e3);
    }

    List<String> rows() {
        return List.copyOf(rows);
    }
}
