package io.dime.cli;

import io.dime.reports.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --no-report}, shared by the commands that write a folder and then draw its report. */
final class ReportOption {
    @Option(names = "--no-report", description = "Do not draw the HTML report and charts (DIR/report/); 'dime report DIR' draws them later.")
    boolean skip;

    /** What {@link #into} did: the report's page once the folder is in place, or why it was not drawn. */
    private String told;

    /**
     * The writer of a folder, followed by its report drawn into the same staging folder, so the
     * folder moves into place once, report included, and a kill at any moment leaves the
     * earlier folder whole. A report that fails leaves the data whole; {@link #tell} says so.
     */
    io.dime.sim.output.RunFolder.Writer into(Path folder, io.dime.sim.output.RunFolder.Writer data) {
        return staging -> {
            data.writeInto(staging);
            if (skip) {
                return;
            }
            try {
                Report.draw(staging);
                told = "report: " + folder.resolve("report").resolve("index.html");
            } catch (RuntimeException e) {
                told = "the report could not be drawn (" + e.getMessage() + "); the results are intact, see 'dime report " + folder + "'";
            }
        };
    }

    /** Prints what {@link #into} did (a failure even when quiet). */
    void tell(PrintWriter out, boolean quiet) {
        if (told != null && (!quiet || !told.startsWith("report: "))) {
            out.println(told);
        }
    }

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
