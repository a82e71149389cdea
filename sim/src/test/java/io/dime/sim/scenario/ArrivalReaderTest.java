package io.dime.sim.scenario;

import io.dime.sim.input.YamlReader;
import io.dime.sim.input.Obj;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.workload.ArrivalSpec;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading {@code arrival:} mappings: every process, its defaults, its range checks and its located errors. */
class ArrivalReaderTest {
    private static final String PATH = "workload[0].arrival";

    @TempDir
    Path folder;

    private ArrivalSpec read(String yaml) {
        return ArrivalReader.read(Obj.of(YamlReader.read(yaml), PATH), folder);
    }

    private ScenarioException reject(String yaml) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> read(yaml));
        String message = e.getMessage();
        assertAll("message hygiene: " + message,
                () -> assertFalse(message.contains("\n"), "message is a single line"),
                () -> assertFalse(message.contains("Exception"), "message names no exception class"),
                () -> assertTrue(e.line() > 0, "message is located"),
                () -> assertTrue(message.startsWith(e.path() + ": "), "message starts with the path"));
        return e;
    }

    private static void assertMentions(ScenarioException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    private void write(String file, String content) throws IOException {
        Files.writeString(folder.resolve(file), content);
    }

    // ---------------------------------------------------------------- values and defaults

    @Test
    void processDefaultsToPoisson() {
        assertEquals(new ArrivalSpec.Poisson(50), read("{rate: 50/s}"));
    }

    @Test
    void everyProcessReadsItsKeysWithUnits() throws IOException {
        assertEquals(new ArrivalSpec.Gamma(1, 2.5), read("{process: gamma, rate: 3600/h, cv: 2.5}"));
        assertEquals(new ArrivalSpec.Diurnal(10, 0.6, 14 * 3600, 86400), read("{process: diurnal, rate: 10/s, amplitude: 0.6, peak: 14h}"));
        assertEquals(new ArrivalSpec.Diurnal(10, 0, 0, 3600), read("{process: diurnal, rate: 10/s, amplitude: 0, peak: 0s, period: 1h}"));
        assertEquals(new ArrivalSpec.Mmpp(100, 0, 30, 300), read("{process: mmpp, on_rate: 100/s, off_rate: 0/s, on_mean: 30s, off_mean: 5min}"));
        write("t.csv", "timestamp,prompt_tokens,output_tokens\n5,1,2\n7,3,4\n");
        assertEquals(new ArrivalSpec.Trace(folder.resolve("t.csv").toAbsolutePath().normalize().toString(), new double[] {0, 2}, new int[] {1, 3}, new int[] {2, 4}, 1, false),
                read("{process: trace, file: t.csv}"));
    }

    @Test
    void meanRatesFollowTheirProcess() {
        assertEquals(50, new ArrivalSpec.Poisson(50).meanRatePerSecond());
        assertEquals(4, new ArrivalSpec.Gamma(4, 3).meanRatePerSecond());
        assertEquals(4, new ArrivalSpec.Diurnal(4, 0.9, 0, 86400).meanRatePerSecond());
        assertEquals(25, new ArrivalSpec.Mmpp(100, 0, 30, 90).meanRatePerSecond(), 1e-12);
    }

    // ---------------------------------------------------------------- choices, keys and ranges

    @Test
    void anUnknownProcessSuggestsTheNearestAndListsTheAccepted() {
        ScenarioException e = reject("{process: gama, rate: 5/s}");
        assertEquals(PATH + ".process", e.path());
        assertMentions(e, "unknown arrival process 'gama'", "did you mean 'gamma'?", "poisson, gamma, diurnal, mmpp, trace");
    }

    @Test
    void aKeyOfAnotherProcessIsRejected() {
        ScenarioException e = reject("{process: poisson, rate: 5/s, cv: 2}");
        assertEquals(PATH + ".cv", e.path());
        assertMentions(e, "unknown key 'cv'", "accepted here: process, rate");
    }

    @Test
    void aZeroCvIsRejected() {
        ScenarioException e = reject("{process: gamma, rate: 5/s, cv: 0}");
        assertEquals(PATH + ".cv", e.path());
        assertMentions(e, "accepted: more than 0");
    }

    @Test
    void anAmplitudeAboveOneIsRejected() {
        ScenarioException e = reject("{process: diurnal, rate: 5/s, amplitude: 1.5, peak: 14h}");
        assertEquals(PATH + ".amplitude", e.path());
        assertMentions(e, "1.5", "accepted: from 0 to 1");
    }

    @Test
    void aPeakOutsideThePeriodIsRejected() {
        ScenarioException e = reject("{process: diurnal, rate: 5/s, amplitude: 0.5, peak: 25h}");
        assertEquals(PATH + ".peak", e.path());
        assertMentions(e, "not within the period 1d");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{rate: -5/s}",
        "{rate: 0/s}",
        "{process: gamma, rate: 5/s, cv: -1}",
        "{process: mmpp, on_rate: 5/s, off_rate: -1/s, on_mean: 1s, off_mean: 1s}",
        "{process: mmpp, on_rate: 5/s, off_rate: 0/s, on_mean: 0s, off_mean: 1s}",
        "{process: mmpp, on_rate: 0/s, off_rate: 1/s, on_mean: 1s, off_mean: 1s}",
        "{process: diurnal, rate: 5/s, amplitude: -0.1, peak: 1h}",
        "{process: diurnal, rate: 5/s, amplitude: 0.1, peak: 1h, period: 0s}",
        "{process: trace, file: t.csv, time_scale: 0}",
        "{process: trace, file: t.csv, loop: sometimes}",
        "{rate: 5}",
    })
    void outOfRangeValuesAreRejected(String yaml) {
        reject(yaml);
    }

    // ---------------------------------------------------------------- trace files

    @Test
    void commentLinesAndExtraColumnsOfATraceAreSkipped() throws IOException {
        // The shape of a trace that dime observe writes: a commented header, then more columns than arrivals need.
        write("t.csv", "# server: http://127.0.0.1:8080\n# model: tiny\nlevel,timestamp,prompt_tokens,output_tokens,ttft_ms\n"
                + "c1,0.5,12,7,31.2\n# a note between rows\nc1,1.5,20,9,33.0\n");
        ArrivalSpec.Trace trace = (ArrivalSpec.Trace) read("{process: trace, file: t.csv}");
        assertEquals(2, trace.rows());
        assertEquals(20, trace.promptTokens(1));
        assertEquals(9, trace.outputTokens(1));
        assertEquals(1.0, trace.offsetSeconds(1), 1e-12);
    }

    @Test
    void aDecreasingTimestampIsReportedWithTheFileLine() throws IOException {
        write("t.csv", "timestamp,prompt_tokens,output_tokens\n1,5,5\n3,5,5\n2,5,5\n");
        ScenarioException e = reject("process: trace\nfile: t.csv\n");
        assertEquals(PATH, e.path());
        assertEquals(2, e.line(), "located at the file value");
        assertEquals(7, e.column(), "located at the file value");
        assertMentions(e, "trace 't.csv' line 4:", "timestamp 2 is earlier than 3 on line 3", "non-decreasing");
    }

    @Test
    void aNonNumericCellIsReportedWithTheFileLine() throws IOException {
        write("t.csv", "timestamp,prompt_tokens,output_tokens\n1,5,5\n2,lots,5\n");
        assertMentions(reject("{process: trace, file: t.csv}"), "line 3:", "prompt_tokens 'lots' is not a number");
        write("t.jsonl", "{\"timestamp\": 1, \"prompt_tokens\": 5, \"output_tokens\": 5}\n{\"timestamp\": \"soon\", \"prompt_tokens\": 5, \"output_tokens\": 5}\n");
        assertMentions(reject("{process: trace, file: t.jsonl}"), "line 2:", "timestamp 'soon' is not a number");
    }

    @Test
    void negativeAndFractionalCellsAreRejected() throws IOException {
        write("t.csv", "timestamp,prompt_tokens,output_tokens\n1,5,5\n2,5,-3\n");
        assertMentions(reject("{process: trace, file: t.csv}"), "line 3:", "negative output_tokens -3");
        write("t.csv", "timestamp,prompt_tokens,output_tokens\n-1,5,5\n2,5,3\n");
        assertMentions(reject("{process: trace, file: t.csv}"), "line 2:", "negative timestamp -1");
        write("t.csv", "timestamp,prompt_tokens,output_tokens\n1,5.5,5\n2,5,3\n");
        assertMentions(reject("{process: trace, file: t.csv}"), "line 2:", "not a whole number");
    }

    @Test
    void aMissingColumnIsReported() throws IOException {
        write("t.csv", "timestamp,prompt_tokens\n1,5\n2,5\n");
        assertMentions(reject("{process: trace, file: t.csv}"), "line 1:", "missing column 'output_tokens'");
        write("t.csv", "timestamp,prompt_tokens,output_tokens\n1,5,5\n2,5\n");
        assertMentions(reject("{process: trace, file: t.csv}"), "line 3:", "missing column 'output_tokens'");
        write("t.jsonl", "{\"timestamp\": 1, \"prompt_tokens\": 5}\n");
        assertMentions(reject("{process: trace, file: t.jsonl}"), "line 1:", "missing key 'output_tokens'");
        write("t.jsonl", "{\"timestamp\": 1, \"prompt_tokens\": 5, \"output_tokens\": 5}\n{oops\n");
        assertMentions(reject("{process: trace, file: t.jsonl}"), "line 2:", "not valid JSON");
    }

    @Test
    void aMissingFileIsReportedAtTheFileValue() {
        ScenarioException e = reject("process: trace\nfile: traces/none.csv\n");
        assertEquals(PATH, e.path());
        assertEquals(2, e.line());
        assertMentions(e, "no such trace file 'traces/none.csv'", folder.resolve("traces/none.csv").toAbsolutePath().normalize().toString());
    }

    @Test
    void aTraceNeedsTwoRowsAtDifferentTimesAndAKnownFormat() throws IOException {
        write("one.csv", "timestamp,prompt_tokens,output_tokens\n1,5,5\n");
        assertMentions(reject("{process: trace, file: one.csv}"), "has 1 row");
        write("flat.csv", "timestamp,prompt_tokens,output_tokens\n1,5,5\n1,5,5\n");
        assertMentions(reject("{process: trace, file: flat.csv}"), "all at the same time");
        write("t.txt", "timestamp,prompt_tokens,output_tokens\n1,5,5\n2,5,5\n");
        assertMentions(reject("{process: trace, file: t.txt}"), "neither .csv nor .jsonl");
    }

    // ---------------------------------------------------------------- resolved scenario

    @ParameterizedTest
    @ValueSource(strings = {
        "{rate: 50/s}",
        "{process: poisson, rate: 0.37/s}",
        "{process: gamma, rate: 3000/h, cv: 2.5}",
        "{process: gamma, rate: 12/s, cv: 1}",
        "{process: diurnal, rate: 10/s, amplitude: 0.6, peak: 14h}",
        "{process: diurnal, rate: 1/min, amplitude: 1, peak: 90min, period: 7d}",
        "{process: mmpp, on_rate: 100/s, off_rate: 0/s, on_mean: 30s, off_mean: 5min}",
        "{process: mmpp, on_rate: 2.5/s, off_rate: 0.1/s, on_mean: 250ms, off_mean: 1.5s}",
        "{process: trace, file: t.csv}",
        "{process: trace, file: t.jsonl, time_scale: 0.5, loop: true}",
    })
    void describeReadsBackToAnEqualSpec(String yaml) throws IOException {
        write("t.csv", "timestamp,prompt_tokens,output_tokens\n1700000000.25,512,128\n1700000001.5,64,7\n1700000003,9,9\n");
        write("t.jsonl", "{\"timestamp\": 0.5, \"prompt_tokens\": 1, \"output_tokens\": 2}\n{\"timestamp\": 0.75, \"prompt_tokens\": 3, \"output_tokens\": 4}\n");
        ArrivalSpec spec = read(yaml);
        String written = new ObjectMapper(new YAMLFactory()).writeValueAsString(spec.describe());
        ArrivalSpec again = read(written);
        assertEquals(spec, again, written);
        assertEquals(spec.describe(), again.describe());
        assertEquals(spec.process(), spec.describe().get("process"));
    }

    @Test
    void describeSpellsEveryResolvedKeyAsAUserWritesIt() throws IOException {
        assertEquals("{process=diurnal, rate=10/s, amplitude=0.6, peak=14h, period=1d}",
                read("{process: diurnal, rate: 10/s, amplitude: 0.6, peak: 14h}").describe().toString());
        assertEquals("{process=mmpp, on_rate=100/s, off_rate=0/s, on_mean=30s, off_mean=5min}",
                read("{process: mmpp, on_rate: 100/s, off_rate: 0/s, on_mean: 30s, off_mean: 5min}").describe().toString());
        write("t.csv", "timestamp,prompt_tokens,output_tokens\n0,1,1\n1,1,1\n");
        // The file is spelled as an absolute path, so the resolved scenario runs from any folder.
        assertEquals("{process=trace, file=" + folder.resolve("t.csv").toAbsolutePath().normalize() + ", time_scale=1, loop=false}",
                read("{process: trace, file: t.csv}").describe().toString());
    }
}
