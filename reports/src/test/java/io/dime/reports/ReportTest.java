package io.dime.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports as files: what each holds, that it stands alone, that it is written whole. */
class ReportTest {
    @TempDir
    static Path temp;
    static Path run;

    @BeforeAll
    static void runTheTinyScenario() {
        run = TestFolders.run(temp);
    }

    @Test
    void aRunReportHasTheCliSummaryRowsTheChartsItsFilesSupportAndTheScenario() throws IOException {
        Path index = Report.forRun(run);
        assertEquals(run.resolve("report/index.html"), index);
        String html = Files.readString(index);
        for (String row : List.of("TTFT p50 (ms)", "TTFT p99 (ms)", "TPOT p50 (ms)", "end-to-end p99 (ms)", "throughput (requests/s)",
                "requests completed", "SLO attainment", "utilization", "cost per 1M tokens, users (USD)", "cost per 1M tokens, operators (USD)",
                "operator profit, service only (USD)", "token price end (USD)", "fraud left (wrong results kept, per request)")) {
            assertTrue(html.contains("<th>" + HtmlPage.escape(row) + "</th>"), "summary row " + row);
        }
        assertTrue(html.contains("By request class") && html.contains("By node group") && html.contains("cloud (centralized)"));
        for (String chart : List.of("latency-cdf", "cost-vs-latency", "token-economy", "operators", "cheating")) {
            assertTrue(html.contains("<img src=\"charts/" + chart + ".png\""), chart);
            assertTrue(html.contains("href=\"charts/" + chart + ".svg\""), chart);
            assertTrue(Files.size(run.resolve("report/charts/" + chart + ".png")) > 1000, chart);
            assertTrue(Files.size(run.resolve("report/charts/" + chart + ".svg")) > 1000, chart);
        }
        assertTrue(html.contains("<pre>name: tiny"), "the resolved scenario");
    }

    @Test
    void everyReportStandsAloneAndEveryImageItNamesExists() throws IOException {
        Path schemes = TestFolders.schemes(temp.resolve("standalone"));
        List<Path> pages = List.of(Report.forRun(run), Report.draw(schemes), Report.draw(TestFolders.sweepOverRate(temp)),
                Report.draw(TestFolders.sweepGrid(temp)), Report.draw(TestFolders.comparison(temp.resolve("standalone"), run, "other")));
        for (Path page : pages) {
            String html = Files.readString(page);
            assertTrue(html.startsWith("<!DOCTYPE html>"), page.toString());
            assertFalse(html.contains("http:") || html.contains("https:") || html.contains("<link"), "nothing fetched from elsewhere: " + page);
            Matcher sources = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
            int images = 0;
            while (sources.find()) {
                assertTrue(Files.isRegularFile(page.getParent().resolve(sources.group(1))), sources.group(1) + " in " + page);
                images++;
            }
            assertTrue(images >= 2, "at least one chart in " + page);
        }
    }

    @Test
    void aLeagueReportTablesEveryNetworkAndMarksTheCloud() throws IOException {
        Path folder = TestFolders.league(temp.resolve("league"), run);
        assertEquals(Report.Kind.LEAGUE, Report.Kind.of(folder));
        String html = Files.readString(Report.draw(folder));
        for (String chart : List.of("cost-vs-latency", "costs", "latency", "trust", "latency-cdf")) {
            assertTrue(html.contains("charts/" + chart + ".png"), chart);
            assertTrue(Files.size(folder.resolve("report/charts/" + chart + ".svg")) > 1000, chart);
        }
        assertTrue(html.contains("<th>cloud</th><td class=\"number\">centralized</td>"), "each network with its kind");
        assertTrue(html.contains("<details><summary>beta</summary><pre>name: tiny"), "each network as run, from its numbered folder");
        assertTrue(html.contains("<td>decentralized &lt;i&gt;undercuts&lt;/i&gt; clouds by 50-80%</td><td>supported, and larger than claimed</td>"
                + "<td>2.75 vs 15.00: 82% lower</td>"), "the claims with their verdicts, escaped");
    }

    @Test
    void textFromTheFilesIsEscaped() throws IOException {
        Path folder = TestFolders.comparison(temp.resolve("escaped"), run, "fast <b>&</b> cheap");
        String html = Files.readString(Report.forComparison(folder));
        assertFalse(html.contains("<b>"), "a scenario name is text, not markup");
        assertTrue(html.contains("fast &lt;b&gt;&amp;&lt;/b&gt; cheap"));
        assertTrue(html.contains("charts/latency-cdf.png"), "each scenario's requests, read from its numbered run folder");
        assertTrue(html.contains("<details><summary>fast &lt;b&gt;&amp;&lt;/b&gt; cheap</summary><pre>name: tiny"),
                "the second scenario's resolved file");
        assertEquals("&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;", HtmlPage.escape("<script>\"x\" & 'y'"));
    }

    @Test
    void theFolderKindIsToldByTheFileOnlyThatKindHolds() throws IOException {
        assertEquals(Report.Kind.RUN, Report.Kind.of(run));
        assertEquals(Report.Kind.SWEEP, Report.Kind.of(TestFolders.sweepOverRate(temp.resolve("kinds"))));
        assertEquals(Report.Kind.COMPARISON, Report.Kind.of(TestFolders.comparison(temp.resolve("kinds"), run, "b")));
        Path schemes = temp.resolve("kinds/schemes");
        TestFolders.copyFolder(run, schemes);
        Files.writeString(schemes.resolve("schemes.csv"), "scheme\n");
        assertEquals(Report.Kind.SCHEMES, Report.Kind.of(schemes), "schemes.csv decides even beside a summary.json");
        Path empty = Files.createDirectories(temp.resolve("kinds/empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Report.draw(empty));
        assertTrue(e.getMessage().contains("summary.json"), e.getMessage());
    }

    @Test
    void aSweepReportTablesEachPointAndDrawsPercentilesLinesAndHeatMaps() throws IOException {
        String rate = Files.readString(Report.forSweep(TestFolders.sweepOverRate(temp.resolve("sweeps"))));
        assertTrue(rate.contains("charts/percentiles-ttft.png") && rate.contains("charts/percentiles-e2e.png"));
        assertTrue(rate.contains("charts/sweep-cost-per-mtok-usd-users.png") && rate.contains("charts/cost-vs-latency.png"));
        assertTrue(rate.contains("<th>workload[0].arrival.rate</th>"));
        assertTrue(rate.contains("<td class=\"number\">101<br><small>["), "p50 at rate 1, mean of 100, 101, 102, with its interval");
        assertTrue(rate.contains("parameters:\n  workload[0].arrival.rate"), "sweep.yaml");

        String grid = Files.readString(Report.forSweep(TestFolders.sweepGrid(temp.resolve("sweeps"))));
        assertTrue(grid.contains("charts/heatmap-ttft-ms-p95.png") && grid.contains("charts/heatmap-verify-undetected-fraud-rate.png"));
        assertFalse(grid.contains("charts/percentiles-"), "percentiles against load need a single parameter");
    }

    @Test
    void theSameFolderGivesTheSameReportByteForByte() throws IOException {
        Path sweep = TestFolders.sweepGrid(temp.resolve("twice"));
        Path first = Report.draw(sweep);
        byte[] html = Files.readAllBytes(first);
        byte[] png = Files.readAllBytes(sweep.resolve("report/charts/heatmap-ttft-ms-p95.png"));
        byte[] svg = Files.readAllBytes(sweep.resolve("report/charts/heatmap-ttft-ms-p95.svg"));
        Report.draw(sweep);
        assertArrayEquals(html, Files.readAllBytes(first));
        assertArrayEquals(png, Files.readAllBytes(sweep.resolve("report/charts/heatmap-ttft-ms-p95.png")));
        assertArrayEquals(svg, Files.readAllBytes(sweep.resolve("report/charts/heatmap-ttft-ms-p95.svg")));
    }

    @Test
    void aNewReportReplacesTheOldOneWhole() throws IOException {
        Path sweep = TestFolders.sweepOverRate(temp.resolve("replace"));
        Report.draw(sweep);
        // a chart an earlier Dime drew and this one does not: listed in the report's manifest, so it is Dime's to remove
        Files.writeString(sweep.resolve("report/charts/stale.png"), "left over");
        Files.writeString(sweep.resolve("report/.dime-output"), "charts/stale.png\n", java.nio.file.StandardOpenOption.APPEND);
        Report.draw(sweep);
        assertFalse(Files.exists(sweep.resolve("report/charts/stale.png")));
        // a file the user put into the report is theirs: the redraw is refused and the file kept
        Files.writeString(sweep.resolve("report/my-notes.txt"), "mine");
        assertThrows(io.dime.sim.output.OutputRefusedException.class, () -> Report.draw(sweep));
        assertEquals("mine", Files.readString(sweep.resolve("report/my-notes.txt")));
        Files.delete(sweep.resolve("report/my-notes.txt"));
        try (var siblings = Files.list(sweep)) {
            assertEquals(List.of("report", "results.csv", "sweep.yaml"), siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folder left behind");
        }
    }
}
