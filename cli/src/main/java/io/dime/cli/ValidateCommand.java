package io.dime.cli;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import io.dime.sim.scenario.ScenarioWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check a scenario without running it; a mistake is reported with its key path, line and column (exit code 2).",
        footerHeading = "%nExample:%n",
        footer = "  dime validate scenarios/quickstart.yaml --resolved")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Scenario YAML file.")
    Path file;

    @Option(names = "--resolved", description = "Print the scenario with every default filled in.")
    boolean resolved;

    @Override
    public Integer call() {
        Scenario scenario = new ScenarioLoader().load(file);
        PrintWriter w = spec.commandLine().getOut();
        if (resolved) {
            w.print(ScenarioWriter.toYaml(scenario));
        } else {
            int nodes = scenario.nodes().stream().mapToInt(Scenario.NodeGroup::count).sum();
            w.printf("%s: valid — scenario '%s', %d node group%s (%d nodes), %d request class%s%n", file, scenario.name(),
                    scenario.nodes().size(), scenario.nodes().size() == 1 ? "" : "s", nodes,
                    scenario.workload().size(), scenario.workload().size() == 1 ? "" : "es");
        }
        return 0;
    }
}
