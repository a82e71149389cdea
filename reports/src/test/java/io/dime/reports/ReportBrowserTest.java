package io.dime.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports opened in a real headless Chromium: the page loads, every chart image decodes
 * (naturalWidth and naturalHeight above zero, counted by the page's own script after load)
 * and nothing reaches the console.
 */
class ReportBrowserTest {
    /** Kept after the build, for a person to look at. */
    static final Path SCREENSHOT = Path.of("target", "screenshots", "run-report.png").toAbsolutePath();

    @TempDir
    static Path temp;
    static Path run;
    static Chromium chromium;

    @BeforeAll
    static void needsChromiumAndARun() {
        if (!Chromium.isInstalled()) {
            String message = Chromium.BINARY + " is missing: install it with 'apt-get install -y chromium' (.ci/run does)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.assumeTrue(false, "skipped: " + message);
        }
        chromium = new Chromium(temp);
        run = TestFolders.run(temp);
    }

    @Test
    void runReportLoadsWithEveryChartAndNoConsoleError() throws Exception {
        assertLoadsCleanly(Report.forRun(run), 5);
    }

    @Test
    void schemesReportLoadsWithEveryChartAndNoConsoleError() throws Exception {
        assertLoadsCleanly(Report.draw(TestFolders.schemes(temp)), 3);
    }

    @Test
    void sweepReportsLoadWithEveryChartAndNoConsoleError() throws Exception {
        assertLoadsCleanly(Report.draw(TestFolders.sweepOverRate(temp)), 6);
        assertLoadsCleanly(Report.draw(TestFolders.sweepGrid(temp)), 4);
    }

    @Test
    void comparisonReportLoadsWithEveryChartAndNoConsoleError() throws Exception {
        assertLoadsCleanly(Report.draw(TestFolders.comparison(temp, run, "other")), 3);
    }

    @Test
    void leagueReportLoadsWithEveryChartAndNoConsoleError() throws Exception {
        // cost-vs-latency, costs, latency, trust, latency-cdf
        assertLoadsCleanly(Report.draw(TestFolders.league(temp, run)), 5);
    }

    @Test
    void replayReportLoadsWithEveryChartAndNoConsoleError() throws Exception {
        assertLoadsCleanly(Report.draw(TestFolders.replay(temp)), 3);
    }

    @Test
    void aMissingChartIsCountedAsBroken() throws Exception {
        // The check must be able to fail: remove one chart and the page's count must see it.
        Path page = Report.draw(TestFolders.sweepOverRate(temp.resolve("broken")));
        Files.delete(page.getParent().resolve("charts/cost-vs-latency.png"));
        String body = bodyTag(chromium.dumpDom(page).stdout());
        assertEquals("1", attribute(body, "data-broken-images"), body);
    }

    @Test
    void screenshotOfTheRunReportShowsAFilledPage() throws Exception {
        Path page = Report.forRun(run);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        Chromium.Output output = chromium.screenshot(page, SCREENSHOT);
        assertTrue(output.consoleLines().isEmpty(), String.join("\n", output.consoleLines()));
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot of a page with tables and charts is not tiny");
        BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
        assertEquals(1200, image.getWidth());
        assertEquals(1600, image.getHeight());
        assertTrue(distinctColours(image) > 50, "text and charts, not a blank page");
        System.out.println("run report screenshot: " + SCREENSHOT);
    }

    private static void assertLoadsCleanly(Path page, int expectedCharts) throws Exception {
        Chromium.Output output = chromium.dumpDom(page);
        assertTrue(output.consoleLines().isEmpty(), "console output from " + page + ":\n" + String.join("\n", output.consoleLines()));
        String body = bodyTag(output.stdout());
        assertEquals("0", attribute(body, "data-broken-images"), "every image decodes with a size in " + page + ": " + body);
        assertEquals("0", attribute(body, "data-errors"), "no script or resource error in " + page + ": " + body);
        int images = count(output.stdout(), "<img ");
        assertEquals(count(Files.readString(page), "<img "), images, "the browser saw every chart");
        assertTrue(images >= expectedCharts, images + " charts in " + page + ", expected at least " + expectedCharts);
    }

    private static String bodyTag(String dom) {
        Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
        if (!body.find()) {
            fail("no <body> in the DOM chromium dumped:\n" + dom);
        }
        return body.group();
    }

    /** An attribute the page's script sets once loaded; its absence means the load event never ran. */
    private static String attribute(String tag, String name) {
        Matcher value = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag);
        if (!value.find()) {
            fail(name + " is missing: the page's load handler did not run: " + tag);
        }
        return value.group(1);
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
