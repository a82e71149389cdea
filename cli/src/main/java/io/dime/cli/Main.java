package io.dime.cli;

import io.dime.sim.input.ScenarioException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code dime}. */
@Command(
        name = "dime",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Discrete-event simulator of decentralized inference economies.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {RunCommand.class, ValidateCommand.class, CompareCommand.class, SweepCommand.class, LeagueCommand.class, ReportCommand.class,
            ObserveCommand.class, CalibrateCommand.class, ReplayCommand.class, ListCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  dime run scenarios/quickstart.yaml",
            "      run a scenario, print its summary, write runs/quickstart/",
            "  dime run scenarios/quickstart.yaml --seed 7 --replications 10 --out runs/q7",
            "      the same with another seed and more replications, into another folder",
            "  dime validate scenarios/quickstart.yaml",
            "      check a scenario; a mistake is printed with key path, line and column",
            "  dime compare scenarios/token-controller-stabilization-off.yaml scenarios/token-controller-stabilization.yaml",
            "      run both with common random numbers; paired differences with 95% intervals",
            "  dime observe --url http://127.0.0.1:8080 --plan plans/cpu-tiny.yaml",
            "      measure a real OpenAI-compatible server through a load plan; writes a trace",
            "  dime calibrate runs/cpu-tiny/trace.csv",
            "      fit a node profile to the trace; error on held-out load levels",
            "  dime list gpus",
            "      catalog GPUs with sources (also: models, regions, routing)",
            "",
            "Exit codes: 0 success, 1 internal error, 2 bad input (scenario or arguments)."
        })
public final class Main implements Runnable {
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (tests call this). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof ScenarioException || e instanceof io.dime.backend.trace.TraceException ? EXIT_BAD_INPUT : 1);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("dime: " + e.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof ScenarioException || e instanceof BadInputException || e instanceof io.dime.backend.trace.TraceException
                    || e instanceof io.dime.sim.output.OutputRefusedException) {
                command.getErr().println("error: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (e instanceof UncheckedIOException io) {
                command.getErr().println("error: " + io.getMessage());
                return 1;
            }
            command.getErr().println("internal error (a bug in dime; please report it with the scenario):");
            e.printStackTrace(command.getErr());
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dime " + (version == null ? "dev" : version)};
        }
    }
}
