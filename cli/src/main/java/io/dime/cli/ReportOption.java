package io.dime.cli;

import io.dime.reports.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --no-report}, shared by the commands that write a folder and then draw its report. */
final class ReportOption {
    @Option(names = "--no-report", description = "Do not draw the HTML report and charts (DIR/report/); 'dime report DIR' draws them later.")
    boolean skip;

    /**
     * Draws the report of a folder just written. The folder's data is already in place, so a
     * report that fails leaves it whole; the failure is told, not thrown.
     */
    void drawAfter(Path folder, PrintWriter out, boolean quiet) {
        if (skip) {
            return;
        }
        try {
            Path index = Report.draw(folder);
            if (!quiet) {
                out.printf("report: %s%n", index);
            }
        } catch (RuntimeException e) {
            out.printf("the report could not be drawn (%s); the results are intact, see 'dime report %s'%n", e.getMessage(), folder);
        }
    }
}
