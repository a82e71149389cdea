package io.dime.reports;

import java.util.Map;

/** Readable labels, with units, for the dotted metric names of summary.json and results.csv. */
final class MetricNames {
    private static final Map<String, String> QUANTITIES = Map.ofEntries(
            Map.entry("ttft_ms", "TTFT"),
            Map.entry("tpot_ms", "TPOT"),
            Map.entry("e2e_ms", "end-to-end latency"),
            Map.entry("queue_ms", "queue wait"),
            Map.entry("max_itl_ms", "worst token gap"),
            Map.entry("throughput.output_tokens_per_s", "throughput (output tokens/s)"),
            Map.entry("throughput.tokens_per_s", "throughput (tokens/s)"),
            Map.entry("throughput.requests_per_s", "throughput (requests/s)"),
            Map.entry("requests.arrived", "requests arrived"),
            Map.entry("requests.completed", "requests completed"),
            Map.entry("requests.dropped", "requests dropped"),
            Map.entry("requests.failed", "requests failed"),
            Map.entry("requests.defected", "requests lost to defection"),
            Map.entry("slo_attainment", "SLO attainment (share)"),
            Map.entry("utilization", "utilization (share)"),
            Map.entry("cost_per_mtok_usd.users", "cost per 1M tokens, users (USD)"),
            Map.entry("cost_per_mtok_usd.operators", "cost per 1M tokens, operators (USD)"),
            Map.entry("operator_profit_usd", "operator profit, service only (USD)"),
            Map.entry("token.price_end", "token price at end (USD)"),
            Map.entry("token.volatility", "token price volatility"),
            Map.entry("operators.active_mean", "active operators (mean)"),
            Map.entry("operators.churn", "operator churn (share)"),
            Map.entry("operators.profit_usd", "operator profit with rewards (USD)"),
            Map.entry("cost_per_mtok_usd.all_in", "cost per 1M tokens, all in: with egress and verification (USD)"),
            Map.entry("cost_per_mtok_usd.price", "price per 1M tokens, before egress (USD)"),
            Map.entry("cost_per_mtok_usd.egress", "egress per 1M tokens (USD)"),
            Map.entry("jitter.tpot_cv", "token pace spread (CV of time per output token)"),
            Map.entry("jitter.ttft_p99_over_p50", "TTFT p99 / p50"),
            Map.entry("jitter.ttft_cv", "TTFT spread (CV)"),
            Map.entry("operators.token_rewards_per_node_day", "token rewards a node earns a day (tokens)"),
            Map.entry("slice.cited_rewards_per_node_day", "a node of the real network, as cited (tokens a day)"),
            Map.entry("treasury.usd", "treasury (USD)"),
            Map.entry("verify.undetected_fraud_rate", "fraud left (per request)"),
            Map.entry("verify.detection_rate", "cheats caught (share)"),
            Map.entry("verify.overhead_share", "verification GPU overhead (share)"),
            Map.entry("verify.added_latency_ms.p99", "latency added by verification, p99 (ms)"),
            Map.entry("verify.rational_cheat_rate_end", "rational operators cheating at end (share)"),
            Map.entry("verify.overhead_usd", "verification cost (USD)"),
            Map.entry("verify.roi.cheater", "cheaters' return on cost"),
            Map.entry("verify.roi.honest", "honest operators' return on cost"),
            Map.entry("verify.detection_delay_s", "detection delay (s)"),
            Map.entry("verify.false_slashes", "honest operators punished"));

    private MetricNames() {
    }

    /** "ttft_ms.p95" → "TTFT p95 (ms)"; an unknown name is shown as it is. */
    static String label(String metric) {
        String known = QUANTITIES.get(metric);
        if (known != null) {
            return known;
        }
        int dot = metric.lastIndexOf('.');
        if (dot > 0 && metric.endsWith("_ms." + metric.substring(dot + 1)) && QUANTITIES.containsKey(metric.substring(0, dot))) {
            return QUANTITIES.get(metric.substring(0, dot)) + " " + metric.substring(dot + 1) + " (ms)";
        }
        return metric;
    }

    /** The quantity and unit shared by metrics of one family: "ttft_ms.p50" → "TTFT (ms)". */
    static String quantity(String metric) {
        int dot = metric.lastIndexOf('.');
        String base = dot > 0 ? metric.substring(0, dot) : metric;
        if (base.endsWith("_ms") && QUANTITIES.containsKey(base)) {
            return QUANTITIES.get(base) + " (ms)";
        }
        return label(metric);
    }
}
