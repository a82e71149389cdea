package io.dime.cli;

import io.dime.reports.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Redraw the HTML report (charts as PNG and SVG) of a run, a sweep or a comparison folder.",
        footerHeading = "%nExample:%n",
        footer = "  dime report runs/quickstart")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A run, sweep or comparison folder.")
    Path folder;

    @Override
    public Integer call() {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException("no such folder: " + folder + "; accepted: a folder written by dime run, sweep or compare");
        }
        Path index;
        try {
            index = Report.draw(folder);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        spec.commandLine().getOut().printf("wrote %s%n", index);
        return 0;
    }
}
