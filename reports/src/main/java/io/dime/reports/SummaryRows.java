package io.dime.reports;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a run's summary table: the CLI's summary (dime run) one metric to a row, then
 * the token economy's and verification's metrics when the run has them.
 */
final class SummaryRows {
    /** A row: what a reader sees, and the metric behind it. */
    record Row(String label, String metric) {
    }

    static final List<Row> SERVICE = List.of(
            new Row("TTFT p50 (ms)", "ttft_ms.p50"),
            new Row("TTFT p99 (ms)", "ttft_ms.p99"),
            new Row("TPOT p50 (ms)", "tpot_ms.p50"),
            new Row("TPOT p99 (ms)", "tpot_ms.p99"),
            new Row("end-to-end p50 (ms)", "e2e_ms.p50"),
            new Row("end-to-end p99 (ms)", "e2e_ms.p99"),
            new Row("worst token gap p50 (ms)", "max_itl_ms.p50"),
            new Row("worst token gap p99 (ms)", "max_itl_ms.p99"),
            new Row("queue wait mean (ms)", "queue_ms.mean"),
            new Row("queue wait p99 (ms)", "queue_ms.p99"),
            new Row("throughput (output tokens/s)", "throughput.output_tokens_per_s"),
            new Row("throughput (requests/s)", "throughput.requests_per_s"),
            new Row("requests arrived", "requests.arrived"),
            new Row("requests completed", "requests.completed"),
            new Row("requests dropped", "requests.dropped"),
            new Row("requests failed", "requests.failed"),
            new Row("requests timed out", "requests.timed_out"),
            new Row("retries (after refusal or node loss)", "requests.retries"),
            new Row("node availability", "nodes.availability"),
            new Row("SLO attainment", "slo_attainment"),
            new Row("utilization", "utilization"),
            new Row("cost per 1M tokens, users (USD)", "cost_per_mtok_usd.users"),
            new Row("cost per 1M tokens, operators (USD)", "cost_per_mtok_usd.operators"),
            new Row("operator profit (USD)", "operator_profit_usd"),
            new Row("egress (GB)", "egress.gb"),
            new Row("egress (USD)", "egress.usd"),
            new Row("jitter: TTFT p99 / p50", "jitter.ttft_p99_over_p50"),
            new Row("jitter: token pace CV over requests", "jitter.tpot_cv"));

    static final List<Row> TOKEN = List.of(
            new Row("token price start (USD)", "token.price_start"),
            new Row("token price end (USD)", "token.price_end"),
            new Row("token price min (USD)", "token.price_min"),
            new Row("token price max (USD)", "token.price_max"),
            new Row("price dispersion", "token.price_dispersion"),
            new Row("price volatility", "token.volatility"),
            new Row("tokens minted", "token.minted"),
            new Row("tokens burned", "token.burned"),
            new Row("active operators (mean)", "operators.active_mean"),
            new Row("operators joined", "operators.joins"),
            new Row("operators left", "operators.leaves"),
            new Row("operator churn", "operators.churn"),
            new Row("operator profit, with rewards (USD)", "operators.profit_usd"),
            new Row("token rewards a node earns a day", "operators.token_rewards_per_node_day"),
            new Row("slice of the network (share)", "slice.share"),
            new Row("a node of the network earns, as cited (tokens a day)", "slice.cited_rewards_per_node_day"),
            new Row("treasury (USD)", "treasury.usd"),
            new Row("demand multiplier (end)", "demand.multiplier_end"),
            new Row("users defected (share, end)", "demand.defected_share_end"));

    /** The same columns as the CLI's scheme table. */
    static final List<Row> VERIFY = List.of(
            new Row("fraud left (wrong results kept, per request)", "verify.undetected_fraud_rate"),
            new Row("cheats caught (share)", "verify.detection_rate"),
            new Row("detection delay (s)", "verify.detection_delay_s"),
            new Row("verification GPU work (share of users' work)", "verify.overhead_share"),
            new Row("verification cost (USD)", "verify.overhead_usd"),
            new Row("latency added p50 (ms)", "verify.added_latency_ms.p50"),
            new Row("latency added p99 (ms)", "verify.added_latency_ms.p99"),
            new Row("payment delay (s)", "verify.payment_delay_s"),
            new Row("honest operators punished", "verify.false_slashes"),
            new Row("ROI, honest operators", "verify.roi.honest"),
            new Row("ROI, cheaters", "verify.roi.cheater"));

    private SummaryRows() {
    }

    /** A titled part of the summary table. */
    record Section(String title, List<List<String>> rows) {
    }

    /**
     * Label, mean, interval for every row whose metric the run has, in sections (service, then
     * token economy and verification when present); a section with no rows is left out.
     */
    static List<Section> of(Estimates estimates) {
        boolean token = estimates.has("token.price_end");
        List<Section> sections = new ArrayList<>();
        for (Section section : List.of(new Section("Service", rows(estimates, SERVICE, token)),
                new Section("Token economy", rows(estimates, TOKEN, token)), new Section("Verification", rows(estimates, VERIFY, token)))) {
            if (!section.rows().isEmpty()) {
                sections.add(section);
            }
        }
        return sections;
    }

    private static List<List<String>> rows(Estimates estimates, List<Row> definitions, boolean token) {
        List<List<String>> rows = new ArrayList<>();
        for (Row row : definitions) {
            if (estimates.has(row.metric())) {
                Estimates.Value value = estimates.get(row.metric());
                // With a token, rewards are paid on top: the service-only profit is named so.
                String label = token && row.metric().equals("operator_profit_usd") ? "operator profit, service only (USD)" : row.label();
                rows.add(List.of(label, Numbers.format(value.mean()), Numbers.interval(value.low(), value.high())));
            }
        }
        return rows;
    }
}
