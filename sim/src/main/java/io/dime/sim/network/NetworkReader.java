package io.dime.sim.network;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.network.NetworkSpec.RegionPair;
import io.dime.sim.input.Dist;
import io.dime.sim.input.DistReader;
import io.dime.sim.input.Mark;
import io.dime.sim.input.Obj;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.Units;
import io.dime.sim.input.Values;
import io.dime.sim.input.YamlNode;
import io.dime.sim.input.YamlNode.ScalarType;
import io.dime.sim.input.YamlNode.YMap;
import io.dime.sim.input.YamlNode.YScalar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a scenario's {@code network:} mapping. Every key is optional; an empty or missing
 * section gives {@link NetworkSpec#defaults(Catalog)}.
 *
 * <table>
 * <caption>Keys of {@code network:}</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code base_rtt}</td><td>{@code 1ms} (catalog {@code network.base_rtt_ms})</td>
 *     <td>round trip between two hosts in the same region; added to every pair's distance term</td></tr>
 * <tr><td>{@code route_inflation}</td><td>{@code 1.9} (catalog)</td>
 *     <td>length of real fibre routes over the great-circle distance; 1 or more</td></tr>
 * <tr><td>{@code fiber_km_per_ms}</td><td>{@code 204.2} (catalog)</td>
 *     <td>distance light covers in fibre per millisecond; at most 299.792 (vacuum)</td></tr>
 * <tr><td>{@code rtt}</td><td>none</td>
 *     <td>measured round trips replacing the formula for some pairs, region to region to duration,
 *     e.g. {@code {us-east: {eu-west: 80ms}}}; symmetric, so a&rarr;b also sets b&rarr;a; names must
 *     be among the scenario's regions</td></tr>
 * <tr><td>{@code jitter}</td><td>{@code none}</td>
 *     <td>extra one-way delay per message: a duration, or a distribution such as
 *     {@code {dist: lognormal, median: 2ms, sigma: 0.5}} or {@code {dist: exponential, mean: 1ms}}</td></tr>
 * <tr><td>{@code loss}</td><td>{@code 0}</td>
 *     <td>probability that one transmission of a message is lost, from 0 to below 0.5</td></tr>
 * <tr><td>{@code retransmit_timeout}</td><td>{@code 200ms}</td>
 *     <td>delay each loss adds before the message is sent again</td></tr>
 * <tr><td>{@code bandwidth}</td><td>{@code 100Mbit/s}</td>
 *     <td>access bandwidth payloads are sent at; units kbit/s, Mbit/s, Gbit/s</td></tr>
 * <tr><td>{@code bytes_per_token}</td><td>{@code 4}</td>
 *     <td>bytes a prompt or output token takes on the wire (an assumption: a token id, or
 *     about 4 bytes of UTF-8 text)</td></tr>
 * </table>
 *
 * <p>Round trip between regions a and b: the {@code rtt} entry if given, else
 * {@code base_rtt + 2 * great_circle_km(a, b) * route_inflation / fiber_km_per_ms}.
 */
public final class NetworkReader {
    /*
     * Upper bounds catch unit slips (80s meant as 80ms) rather than encode physics: the longest
     * real round trips, over geostationary satellite, are about 600 ms.
     */
    private static final double MAX_RTT_SECONDS = 10;
    private static final double MAX_JITTER_SECONDS = 10;
    /* Linux caps the RTO at 120 s (TCP_RTO_MAX); RFC 6298 (2.5) allows any cap of at least 60 s. */
    private static final double MAX_RETRANSMIT_TIMEOUT_SECONDS = 120;
    private static final double LIGHT_IN_VACUUM_KM_PER_MS = 299.792458;
    /*
     * At loss 0.5 a message needs two retransmissions as often as one; the model charges a fixed
     * timeout per loss, while TCP doubles it on consecutive losses (RFC 6298, 5.5), so it is only
     * a fair approximation while repeated losses are rare.
     */
    private static final double LOSS_LIMIT = 0.5;

    private NetworkReader() {
    }

    /** {@code none} or absent: no jitter; otherwise a duration or a distribution of durations. */
    private static Dist jitter(Obj network) {
        YamlNode node = network.raw("jitter");
        if (node == null || node instanceof YScalar s && (s.type() == ScalarType.NULL || s.text().equals("none"))) {
            return NetworkSpec.NO_JITTER;
        }
        return DistReader.read(node, network.pathOf("jitter"), true, MAX_JITTER_SECONDS);
    }

    /**
     * Binds {@code network} (which may be empty) against the scenario's regions, in their
     * order; unknown keys are rejected.
     */
    public static NetworkSpec read(Obj network, Catalog catalog, List<String> regionNames) {
        double baseRtt = network.seconds("base_rtt", NetworkSpec.catalogBaseRttSeconds(catalog), 0, MAX_RTT_SECONDS);
        double routeInflation = network.number("route_inflation", catalog.constant("network.route_inflation"), 1, 10);
        double fiberKmPerMs = network.number("fiber_km_per_ms", catalog.constant("network.fiber_km_per_ms"), 1, LIGHT_IN_VACUUM_KM_PER_MS);
        Map<RegionPair, Double> rtt = rttMatrix(network, regionNames);
        Dist jitter = jitter(network);
        double loss = loss(network);
        double retransmitTimeout = network.seconds("retransmit_timeout", NetworkSpec.DEFAULT_RETRANSMIT_TIMEOUT_SECONDS, 0, MAX_RETRANSMIT_TIMEOUT_SECONDS);
        double bandwidth = bandwidth(network);
        double bytesPerToken = network.number("bytes_per_token", NetworkSpec.DEFAULT_BYTES_PER_TOKEN, 0, 1e6);
        if (bytesPerToken <= 0) {
            // a token carries at least its id: zero bytes would make every transfer free and instant
            throw network.error("bytes_per_token", "bytes_per_token must be more than 0; accepted: more than 0 up to 1000000 (default "
                    + Units.plain(NetworkSpec.DEFAULT_BYTES_PER_TOKEN) + ")");
        }
        double streamBytes = network.number("stream_bytes_per_token", catalog.constant("network.stream_bytes_per_token"), 0, 1e6);
        network.finish();
        return new NetworkSpec(baseRtt, routeInflation, fiberKmPerMs, rtt, jitter, loss, retransmitTimeout, bandwidth, bytesPerToken, streamBytes);
    }

    private static double loss(Obj network) {
        if (!network.has("loss")) {
            return 0;
        }
        double loss = network.number("loss", -Double.MAX_VALUE, Double.MAX_VALUE);
        if (!(loss >= 0 && loss < LOSS_LIMIT)) {
            String given = Units.plain(loss);
            String problem = loss < 0 ? "negative loss probability " + given : "loss probability " + given + " is too high";
            throw network.error("loss", problem + "; accepted: from 0 to below 0.5 (a link that loses half its messages is down, not slow)");
        }
        return loss;
    }

    private static double bandwidth(Obj network) {
        if (!network.has("bandwidth")) {
            return NetworkSpec.DEFAULT_BANDWIDTH_BITS_PER_SECOND;
        }
        String path = network.pathOf("bandwidth");
        YScalar s = Values.scalar(network.raw("bandwidth"), path, "a data rate such as 100Mbit/s");
        double bitsPerSecond;
        try {
            bitsPerSecond = BitRate.parseBitsPerSecond(s.text());
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(path, s.mark(), e.getMessage());
        }
        if (!(bitsPerSecond > 0) || Double.isInfinite(bitsPerSecond)) {
            throw new ScenarioException(path, s.mark(), "bandwidth '" + s.text() + "' is not positive; accepted: more than 0, e.g. 100Mbit/s");
        }
        return bitsPerSecond;
    }

    /** {@code rtt: {a: {b: 80ms, c: 120ms}, ...}}: each unordered pair once, in file order. */
    private static Map<RegionPair, Double> rttMatrix(Obj network, List<String> regionNames) {
        Map<RegionPair, Double> rtt = new LinkedHashMap<>();
        Map<RegionPair, Mark> givenAt = new LinkedHashMap<>();
        if (!network.has("rtt")) {
            return rtt;
        }
        YMap rows = asMapping(network.raw("rtt"), network.pathOf("rtt"));
        for (Map.Entry<String, YamlNode> row : rows.entries().entrySet()) {
            String from = row.getKey();
            String rowPath = network.pathOf("rtt") + "." + from;
            requireRegion(from, rowPath, rows.keyMarks().get(from), regionNames);
            YMap columns = asMapping(row.getValue(), rowPath);
            for (Map.Entry<String, YamlNode> column : columns.entries().entrySet()) {
                String to = column.getKey();
                String cellPath = rowPath + "." + to;
                requireRegion(to, cellPath, columns.keyMarks().get(to), regionNames);
                YScalar cell = Values.scalar(column.getValue(), cellPath, "a round-trip time such as 80ms");
                double seconds = Values.seconds(cell, cellPath, 0, MAX_RTT_SECONDS);
                RegionPair pair = new RegionPair(from, to);
                RegionPair earlier = rtt.containsKey(pair) ? pair : rtt.containsKey(pair.reversed()) ? pair.reversed() : null;
                if (earlier == null) {
                    rtt.put(pair, seconds);
                    givenAt.put(pair, cell.mark());
                } else if (rtt.get(earlier) != seconds) {
                    throw new ScenarioException(cellPath, cell.mark(), "round trip between " + from + " and " + to + " given twice, as "
                            + Units.formatSeconds(rtt.get(earlier)) + " " + givenAt.get(earlier) + " and as " + cell.text()
                            + "; accepted: each pair once (it applies both ways), or the same value again");
                }
            }
        }
        return rtt;
    }

    private static YMap asMapping(YamlNode node, String path) {
        if (node instanceof YMap m) {
            return m;
        }
        if (node instanceof YScalar s && s.type() == ScalarType.NULL) {
            return new YMap(Map.of(), Map.of(), s.mark());
        }
        throw new ScenarioException(path, node.mark(), "expected a mapping of region to round-trip time, e.g. {us-east: {eu-west: 80ms}}, found " + node.kindName());
    }

    private static void requireRegion(String name, String path, Mark mark, List<String> regionNames) {
        if (!regionNames.contains(name)) {
            throw new ScenarioException(path, mark, "unknown region '" + name + "'" + Obj.choices(name, regionNames, "regions of this scenario"));
        }
    }
}
