package io.dime.sim.network;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.input.Dist;
import io.dime.sim.input.Units;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The scenario's {@code network:} section, validated and with every default filled in. The
 * keys, their defaults and their meaning are documented on {@link NetworkReader}.
 *
 * @param baseRttSeconds          round trip between two hosts in the same place: switching,
 *                                stacks and the last metres
 * @param routeInflation          real fibre routes over the great-circle distance, at least 1
 * @param fiberKmPerMs            how far light travels in fibre per millisecond
 * @param rttSecondsByPair        measured round trips that replace the formula for these pairs,
 *                                each unordered pair once, in the order the scenario gave them
 * @param jitterSeconds           extra one-way delay per message; {@code Fixed(0)} means none
 * @param lossProbability         chance that one transmission of a message is lost, in [0, 0.5)
 * @param retransmitTimeoutSeconds what each loss costs before the message is sent again
 * @param bandwidthBitsPerSecond  access bandwidth a payload is serialized at
 * @param bytesPerToken           bytes a token occupies on the wire
 * @param streamBytesPerToken     bytes an answer's token costs in egress: a streamed chunk of
 *                                server-sent events (an accounting figure; transfer times use
 *                                {@code bytesPerToken})
 */
public record NetworkSpec(
        double baseRttSeconds,
        double routeInflation,
        double fiberKmPerMs,
        Map<RegionPair, Double> rttSecondsByPair,
        Dist jitterSeconds,
        double lossProbability,
        double retransmitTimeoutSeconds,
        double bandwidthBitsPerSecond,
        double bytesPerToken,
        double streamBytesPerToken) {

    /** No jitter: zero extra delay, and (being fixed) no random draw. */
    public static final Dist NO_JITTER = new Dist.Fixed(0);

    /*
     * 200 ms is Linux's minimum retransmission timeout (TCP_RTO_MIN, include/net/tcp.h), which is
     * what a loss costs on a connection whose smoothed RTT is well below it, as between nearby
     * regions. RFC 6298 (section 2) sets an initial RTO of 1 s before any RTT is measured and
     * recommends a 1 s floor; Linux deliberately goes lower. Scenarios that model fresh
     * connections can write retransmit_timeout: 1s.
     */
    public static final double DEFAULT_RETRANSMIT_TIMEOUT_SECONDS = 0.2;

    /** 100 Mbit/s: a common residential or small-office uplink; an assumption, not a measurement. */
    public static final double DEFAULT_BANDWIDTH_BITS_PER_SECOND = 100e6;

    /*
     * Assumption: a token travels either as an integer id (4 bytes) or as its text, and BPE
     * tokenizers of English average about 4 characters (UTF-8 bytes) per token. Framing (HTTP,
     * TLS, SSE "data:" lines) is left out.
     */
    public static final double DEFAULT_BYTES_PER_TOKEN = 4;

    public NetworkSpec {
        Objects.requireNonNull(jitterSeconds, "jitterSeconds");
        requireAtLeast("baseRttSeconds", baseRttSeconds, 0);
        requireAtLeast("routeInflation", routeInflation, 1);
        requireAtLeast("fiberKmPerMs", fiberKmPerMs, Double.MIN_VALUE);
        requireAtLeast("retransmitTimeoutSeconds", retransmitTimeoutSeconds, 0);
        requireAtLeast("bandwidthBitsPerSecond", bandwidthBitsPerSecond, Double.MIN_VALUE);
        requireAtLeast("bytesPerToken", bytesPerToken, 0);
        requireAtLeast("streamBytesPerToken", streamBytesPerToken, 0);
        if (!(lossProbability >= 0 && lossProbability < 0.5)) {
            throw new IllegalArgumentException("lossProbability must be in [0, 0.5), was " + lossProbability);
        }
        for (Map.Entry<RegionPair, Double> entry : rttSecondsByPair.entrySet()) {
            requireAtLeast("rtt of " + entry.getKey(), entry.getValue(), 0);
        }
        rttSecondsByPair = Collections.unmodifiableMap(new LinkedHashMap<>(rttSecondsByPair));
    }

    /** What a scenario without a {@code network:} section gets. */
    public static NetworkSpec defaults(Catalog catalog) {
        return new NetworkSpec(
                catalogBaseRttSeconds(catalog),
                catalog.constant("network.route_inflation"),
                catalog.constant("network.fiber_km_per_ms"),
                Map.of(),
                NO_JITTER,
                0,
                DEFAULT_RETRANSMIT_TIMEOUT_SECONDS,
                DEFAULT_BANDWIDTH_BITS_PER_SECOND,
                DEFAULT_BYTES_PER_TOKEN,
                catalog.constant("network.stream_bytes_per_token"));
    }

    static double catalogBaseRttSeconds(Catalog catalog) {
        // Times 1e-3, as Units scales "ms", so that the default and its written form "1ms" are the same double.
        return catalog.constant("network.base_rtt_ms") * 1e-3;
    }

    public boolean hasJitter() {
        return !jitterSeconds.equals(NO_JITTER);
    }

    /**
     * Every value as a user would write it, in the key order of {@link NetworkReader}, for
     * {@code scenario.resolved.yaml}; reading it back gives an equal spec.
     */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("base_rtt", Units.formatSeconds(baseRttSeconds));
        out.put("route_inflation", routeInflation);
        out.put("fiber_km_per_ms", fiberKmPerMs);
        Map<String, Map<String, Object>> rtt = new LinkedHashMap<>();
        for (Map.Entry<RegionPair, Double> entry : rttSecondsByPair.entrySet()) {
            rtt.computeIfAbsent(entry.getKey().from(), from -> new LinkedHashMap<>())
                    .put(entry.getKey().to(), Units.formatSeconds(entry.getValue()));
        }
        out.put("rtt", rtt);
        out.put("jitter", hasJitter() ? jitterSeconds.describe(true) : "none");
        out.put("loss", lossProbability);
        out.put("retransmit_timeout", Units.formatSeconds(retransmitTimeoutSeconds));
        out.put("bandwidth", BitRate.format(bandwidthBitsPerSecond));
        out.put("bytes_per_token", bytesPerToken == Math.rint(bytesPerToken) ? (Object) (long) bytesPerToken : (Object) bytesPerToken);
        out.put("stream_bytes_per_token", streamBytesPerToken == Math.rint(streamBytesPerToken) ? (Object) (long) streamBytesPerToken : (Object) streamBytesPerToken);
        return out;
    }

    private static void requireAtLeast(String name, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and at least " + min + ", was " + value);
        }
    }

    /** Two regions as a scenario names them; the network treats a pair and its reverse alike. */
    public record RegionPair(String from, String to) {
        public RegionPair {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        public RegionPair reversed() {
            return new RegionPair(to, from);
        }
    }
}
