package io.dime.sim.network;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dime.sim.catalog.Catalog;
import io.dime.sim.network.NetworkSpec.RegionPair;
import io.dime.sim.input.Dist;
import io.dime.sim.input.Obj;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.YamlReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scenario's network section: defaults, values, located errors, and the resolved form. */
class NetworkReaderTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");

    /** Binds a whole scenario document's {@code network:} section. */
    private static NetworkSpec read(String document) {
        Obj root = Obj.of(YamlReader.read(document), "");
        return NetworkReader.read(root.objectOrEmpty("network"), CATALOG, REGIONS);
    }

    private static ScenarioException reject(String document) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> read(document));
        String message = e.getMessage();
        assertAll("message hygiene: " + message,
                () -> assertFalse(message.contains("\n"), "message is a single line"),
                () -> assertFalse(message.contains("Exception"), "message names no exception class"));
        return e;
    }

    private static void assertLocated(ScenarioException e, String path, int line, int column) {
        assertAll("location of: " + e.getMessage(),
                () -> assertEquals(path, e.path(), "path"),
                () -> assertEquals(line, e.line(), "line"),
                () -> assertEquals(column, e.column(), "column"),
                () -> assertTrue(e.getMessage().startsWith(path + ": "), "starts with the path"),
                () -> assertTrue(e.getMessage().contains("(line " + line + ", column " + column + ")"), "quotes the location"));
    }

    private static void assertMentions(ScenarioException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- defaults and values

    @Test
    void anEmptySectionGivesTheCatalogDefaults() {
        NetworkSpec spec = read("network: {}\n");
        assertEquals(NetworkSpec.defaults(CATALOG), spec);
        assertEquals(0.001, spec.baseRttSeconds());
        assertEquals(CATALOG.constant("network.route_inflation"), spec.routeInflation());
        assertEquals(CATALOG.constant("network.fiber_km_per_ms"), spec.fiberKmPerMs());
        assertEquals(Map.of(), spec.rttSecondsByPair());
        assertFalse(spec.hasJitter());
        assertEquals(0.0, spec.lossProbability());
        assertEquals(0.2, spec.retransmitTimeoutSeconds());
        assertEquals(100e6, spec.bandwidthBitsPerSecond());
        assertEquals(4.0, spec.bytesPerToken());
    }

    @Test
    void aMissingSectionGivesTheDefaultsToo() {
        assertEquals(NetworkSpec.defaults(CATALOG), read("name: x\n"));
    }

    @Test
    void everyKeyIsRead() {
        NetworkSpec spec = read("""
                network:
                  base_rtt: 2ms
                  route_inflation: 1.5
                  fiber_km_per_ms: 200
                  rtt: {us-east: {eu-west: 70ms, ap-south: 190ms}}
                  jitter: {dist: exponential, mean: 1ms}
                  loss: 0.01
                  retransmit_timeout: 1s
                  bandwidth: 1Gbit/s
                  bytes_per_token: 6
                """);
        assertEquals(new NetworkSpec(0.002, 1.5, 200,
                Map.of(new RegionPair("us-east", "eu-west"), 0.070, new RegionPair("us-east", "ap-south"), 0.190),
                new Dist.Exponential(0.001, Double.POSITIVE_INFINITY), 0.01, 1.0, 1e9, 6, 240), spec);
    }

    @Test
    void aPairGivenBothWaysWithTheSameValueIsKeptOnce() {
        NetworkSpec spec = read("network: {rtt: {us-east: {eu-west: 80ms}, eu-west: {us-east: 80ms}}}\n");
        assertEquals(Map.of(new RegionPair("us-east", "eu-west"), 0.080), spec.rttSecondsByPair());
    }

    @Test
    void bandwidthAcceptsKilobitsMegabitsAndGigabits() {
        assertEquals(10e6, read("network: {bandwidth: 10Mbit/s}\n").bandwidthBitsPerSecond());
        assertEquals(512e3, read("network: {bandwidth: 512kbit/s}\n").bandwidthBitsPerSecond());
        assertEquals(2.5e9, read("network: {bandwidth: 2.5Gbit/s}\n").bandwidthBitsPerSecond());
        assertEquals(100e6, read("network: {bandwidth: 100 mbit/s}\n").bandwidthBitsPerSecond());
    }

    @Test
    void bitRatesAreWrittenInTheLargestWholeUnit() {
        assertEquals("100Mbit/s", BitRate.format(100e6));
        assertEquals("1Gbit/s", BitRate.format(1e9));
        assertEquals("2500Mbit/s", BitRate.format(2.5e9));
        assertEquals("512kbit/s", BitRate.format(512e3));
        assertEquals("0.5kbit/s", BitRate.format(500));
    }

    @Test
    void jitterNoneAndZeroMeanNoJitter() {
        assertFalse(read("network: {jitter: none}\n").hasJitter());
        assertFalse(read("network: {jitter: 0s}\n").hasJitter());
        assertEquals(new Dist.Fixed(0.003), read("network: {jitter: 3ms}\n").jitterSeconds());
    }

    // ---------------------------------------------------------------- errors

    @Test
    void anUnknownRegionInTheRttMatrixIsLocatedAndTheScenariosRegionsListed() {
        ScenarioException e = reject("""
                network:
                  rtt:
                    us-east: {eu-wst: 80ms}
                """);
        assertLocated(e, "network.rtt.us-east.eu-wst", 3, 15);
        assertMentions(e, "unknown region 'eu-wst'", "did you mean 'eu-west'?", "us-east, eu-west, ap-south");
    }

    @Test
    void anUnknownRowRegionInTheRttMatrixIsLocatedToo() {
        ScenarioException e = reject("""
                network:
                  rtt:
                    us-west: {eu-west: 80ms}
                """);
        assertLocated(e, "network.rtt.us-west", 3, 5);
        assertMentions(e, "unknown region 'us-west'", "us-east, eu-west, ap-south");
    }

    @Test
    void aPairGivenTwiceWithDifferentValuesIsRejected() {
        ScenarioException e = reject("""
                network:
                  rtt:
                    us-east: {eu-west: 80ms}
                    eu-west: {us-east: 90ms}
                """);
        assertLocated(e, "network.rtt.eu-west.us-east", 4, 24);
        assertMentions(e, "given twice", "80ms", "90ms");
    }

    @Test
    void anRttWithoutAUnitIsRejected() {
        ScenarioException e = reject("network: {rtt: {us-east: {eu-west: 80}}}\n");
        assertMentions(e, "no unit", "ms");
    }

    @Test
    void negativeLossIsRejected() {
        ScenarioException e = reject("network:\n  loss: -0.1\n");
        assertLocated(e, "network.loss", 2, 9);
        assertMentions(e, "negative", "from 0 to below 0.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5", "0.9", "1"})
    void lossOfHalfOrMoreIsRejected(String loss) {
        ScenarioException e = reject("network:\n  loss: " + loss + "\n");
        assertLocated(e, "network.loss", 2, 9);
        assertMentions(e, "too high", "from 0 to below 0.5");
    }

    @Test
    void bandwidthInMbpsIsRejectedWithTheAcceptedUnits() {
        ScenarioException e = reject("network:\n  bandwidth: 100Mbps\n");
        assertLocated(e, "network.bandwidth", 2, 14);
        assertMentions(e, "unknown unit 'Mbps'", "did you mean '100Mbit/s'?", "kbit/s, Mbit/s, Gbit/s");
    }

    @Test
    void bandwidthInBytesIsRejectedWithAConversion() {
        ScenarioException e = reject("network: {bandwidth: 10MB/s}\n");
        assertMentions(e, "bytes", "1 MB/s is 8Mbit/s", "kbit/s, Mbit/s, Gbit/s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "0Mbit/s", "-1Gbit/s", "fast"})
    void bandwidthMustBeAPositiveRateWithAUnit(String bandwidth) {
        ScenarioException e = reject("network: {bandwidth: " + bandwidth + "}\n");
        assertEquals("network.bandwidth", e.path());
    }

    @Test
    void aMistypedKeyIsRejectedWithDidYouMean() {
        ScenarioException e = reject("network:\n  jiter: 2ms\n");
        assertLocated(e, "network.jiter", 2, 3);
        assertMentions(e, "unknown key 'jiter'", "did you mean 'jitter'?", "base_rtt", "bytes_per_token");
    }

    @Test
    void routeInflationBelowOneIsRejected() {
        ScenarioException e = reject("network: {route_inflation: 0.8}\n");
        assertMentions(e, "accepted: from 1 to 10");
    }

    @Test
    void fibreFasterThanLightIsRejected() {
        ScenarioException e = reject("network: {fiber_km_per_ms: 300}\n");
        assertMentions(e, "299.792458");
    }

    @Test
    void anUnknownJitterDistributionIsRejected() {
        ScenarioException e = reject("network: {jitter: {dist: normal, mean: 1ms}}\n");
        assertEquals("network.jitter.dist", e.path());
        assertMentions(e, "fixed, uniform, lognormal, exponential");
    }

    // ---------------------------------------------------------------- resolved form

    @Test
    void theDefaultsAreDescribedAsAUserWouldWriteThem() {
        Map<String, Object> described = NetworkSpec.defaults(CATALOG).describe();
        assertEquals(List.of("base_rtt", "route_inflation", "fiber_km_per_ms", "rtt", "jitter", "loss",
                "retransmit_timeout", "bandwidth", "bytes_per_token", "stream_bytes_per_token"), List.copyOf(described.keySet()));
        assertEquals("1ms", described.get("base_rtt"));
        assertEquals("none", described.get("jitter"));
        assertEquals("200ms", described.get("retransmit_timeout"));
        assertEquals("100Mbit/s", described.get("bandwidth"));
        assertEquals(4L, described.get("bytes_per_token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "network: {}",
        """
        network:
          base_rtt: 2ms
          route_inflation: 1.45
          fiber_km_per_ms: 200
          rtt: {us-east: {eu-west: 68ms, ap-south: 187.5ms}, ap-south: {eu-west: 120ms}}
          jitter: {dist: lognormal, median: 2ms, sigma: 0.5}
          loss: 0.02
          retransmit_timeout: 1s
          bandwidth: 2.5Gbit/s
          bytes_per_token: 4.5
        """,
        "network: {jitter: {dist: uniform, min: 1ms, max: 3ms}, bandwidth: 512kbit/s}",
        "network: {jitter: {dist: exponential, mean: 1ms, max: 20ms}}",
        "network: {jitter: 250us}",
    })
    void theDescribedSpecReadsBackEqual(String document) throws Exception {
        NetworkSpec spec = read(document);
        String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(Map.of("network", spec.describe()));
        assertEquals(spec, read(yaml), yaml);
    }
}
