package io.dime.sim.scenario;

import io.dime.sim.input.YamlReader;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.Dist;
import io.dime.sim.input.DistReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The empirical length distribution: frequencies, mean, validation and the resolved scenario. */
class DistEmpiricalTest {
    private static final String PATH = "workload[0].prompt_tokens";

    private static Dist read(String yaml, boolean seconds) {
        return DistReader.read(YamlReader.read(yaml), PATH, seconds, ScenarioLoader.MAX_TOKENS);
    }

    private static ScenarioException reject(String yaml) {
        return assertThrows(ScenarioException.class, () -> read(yaml, false));
    }

    private static void assertMentions(ScenarioException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    /** Draw frequencies of each value, over 10^6 draws (a 0.2 share then wanders by 0.2%, well inside 1%). */
    private static double[] frequencies(Dist dist, double[] values) {
        RandomGenerator random = new Well19937c(11);
        int draws = 1_000_000;
        double[] counts = new double[values.length];
        for (int i = 0; i < draws; i++) {
            double sample = dist.sample(random);
            int index = java.util.Arrays.binarySearch(values, sample);
            assertTrue(index >= 0, "drew a value not in the list: " + sample);
            counts[index]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= draws;
        }
        return counts;
    }

    @Test
    void drawsFollowTheWeights() {
        Dist dist = read("{dist: empirical, values: [128, 512, 2048], weights: [0.5, 0.3, 0.2]}", false);
        double[] shares = frequencies(dist, new double[] {128, 512, 2048});
        double[] weights = {0.5, 0.3, 0.2};
        for (int i = 0; i < weights.length; i++) {
            assertEquals(weights[i], shares[i], weights[i] * 0.01, "share of value " + i);
        }
        assertEquals(0.5 * 128 + 0.3 * 512 + 0.2 * 2048, dist.mean(), 1e-9);
    }

    @Test
    void weightsDefaultToEqualAndNeedNotSumToOne() {
        Dist equal = read("{dist: empirical, values: [1, 2, 3, 4]}", false);
        double[] shares = frequencies(equal, new double[] {1, 2, 3, 4});
        for (double share : shares) {
            assertEquals(0.25, share, 0.25 * 0.01);
        }
        assertEquals(2.5, equal.mean(), 1e-12);
        Dist scaled = read("{dist: empirical, values: [10, 20], weights: [3, 1]}", false);
        assertEquals(12.5, scaled.mean(), 1e-12);
    }

    @Test
    void aZeroWeightValueIsNeverDrawn() {
        Dist dist = read("{dist: empirical, values: [1, 2, 3], weights: [0, 1, 0]}", false);
        RandomGenerator random = new Well19937c(12);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(2, dist.sample(random));
        }
    }

    @Test
    void aWeightListOfAnotherLengthIsRejected() {
        ScenarioException e = reject("{dist: empirical, values: [128, 512, 2048], weights: [0.5, 0.5]}");
        assertEquals(PATH + ".weights", e.path());
        assertMentions(e, "2 weights for 3 values", "one weight per value");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{dist: empirical, values: []}",
        "{dist: empirical, values: [1, 2], weights: [0, 0]}",
        "{dist: empirical, values: [1, 2], weights: [-1, 2]}",
        "{dist: empirical, values: [0, 2]}",
        "{dist: empirical, values: [many]}",
        "{dist: empirical, values: 5}",
        "{dist: empirical, values: [1, 2], max: 3}",
    })
    void badEmpiricalDistributionsAreRejected(String yaml) {
        reject(yaml);
    }

    @Test
    void anUnknownDistributionListsEmpirical() {
        assertMentions(reject("{dist: empiric, values: [1]}"), "did you mean 'empirical'?");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{dist: empirical, values: [128, 512, 2048], weights: [0.5, 0.3, 0.2]}",
        "{dist: empirical, values: [7, 9.5]}",
        "{dist: fixed, value: 3}",
        "{dist: lognormal, median: 512, sigma: 0.8, max: 4096}",
    })
    void describeReadsBackToAnEqualDistribution(String yaml) throws IOException {
        roundTrip(read(yaml, false), false);
    }

    @Test
    void durationsRoundTripAsDurations() throws IOException {
        Dist dist = read("{dist: empirical, values: [250ms, 2s, 1min], weights: [1, 1, 2]}", true);
        assertEquals(List.of("250ms", "2s", "1min"), dist.describe(true).get("values"));
        roundTrip(dist, true);
    }

    private static void roundTrip(Dist dist, boolean seconds) throws IOException {
        Map<String, Object> described = dist.describe(seconds);
        String written = new ObjectMapper(new YAMLFactory()).writeValueAsString(described);
        Dist again = read(written, seconds);
        assertEquals(dist, again, written);
        assertEquals(described, again.describe(seconds));
    }
}
