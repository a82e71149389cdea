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
        description = "Check a scenario (or a load plan for dime observe) without running it; a mistake is reported with its key path, line and"
                + " column (exit code 2).",
        footerHeading = "%nExample:%n",
        footer = "  dime validate scenarios/quickstart.yaml --resolved")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Scenario YAML file, or a load plan (a file whose top key is 'plan').")
    Path file;

    @Option(names = "--resolved", description = "Print the scenario with every default filled in.")
    boolean resolved;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        if (isLoadPlan(file)) {
            io.dime.backend.observe.LoadPlan plan = io.dime.backend.observe.LoadPlan.load(file);
            int requests = plan.levels().stream().mapToInt(io.dime.backend.observe.LoadPlan.Level::requests).sum();
            w.printf("%s: valid — load plan '%s', %d level%s (%s), %d measured requests and %d warm-up, %d round%s%n", file, plan.name(),
                    plan.levels().size(), plan.levels().size() == 1 ? "" : "s",
                    String.join(", ", plan.levels().stream().map(io.dime.backend.observe.LoadPlan.Level::label).toList()), requests,
                    plan.warmup() * plan.levels().size() * plan.rounds(), plan.rounds(), plan.rounds() == 1 ? "" : "s");
            if (resolved) {
                w.println("(--resolved applies to scenarios; a plan has no defaults to fill in beyond those dime observe documents)");
            }
            return 0;
        }
        Scenario scenario = new ScenarioLoader().load(file);
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

    /** A load plan (dime observe --plan) has one top key, 'plan'; a scenario has 'name' and its sections. */
    private static boolean isLoadPlan(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return false; // the scenario reader says what is wrong with it
        }
        String text = io.dime.sim.input.InputFile.readYaml(file, "scenario", problem -> new io.dime.sim.input.ScenarioException("", null, problem));
        io.dime.sim.input.Obj root = io.dime.sim.input.Obj.of(io.dime.sim.input.YamlReader.read(text), "");
        return root.has("plan") && !root.has("name");
    }
}
