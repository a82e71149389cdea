package io.dime.cli;

import io.dime.backend.calibrate.Replay;
import io.dime.backend.client.ClientSettings;
import io.dime.backend.client.OpenAiStreamingClient;
import io.dime.backend.observe.LoadPlan;
import io.dime.backend.observe.Observer;
import io.dime.backend.trace.Trace;
import io.dime.backend.trace.TraceRow;
import io.dime.sim.input.Units;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "observe",
        mixinStandardHelpOptions = true,
        description = "Drive a real OpenAI-compatible server (vLLM, SGLang, TGI, llama.cpp's llama-server, Ollama) through a load plan"
                + " and write a trace: one row per request with TTFT, every inter-token gap, end-to-end time and token counts.",
        footerHeading = "%nExample:%n",
        footer = {"  dime observe --url http://127.0.0.1:8080 --plan real-backend/plans/cpu-tiny.yaml",
                  "", "An API key, if the server needs one, is read from the environment variable named by --api-key-env (default DIME_API_KEY);"
                  + " it is sent, never printed or written."})
final class ObserveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The server's base URL, e.g. http://127.0.0.1:8000 (the /v1/... paths are added).")
    String url;

    @Option(names = "--model", paramLabel = "M", description = "The model name to send (vLLM needs the served name; llama-server serves its one model).")
    String model;

    @Option(names = "--plan", required = true, paramLabel = "P", description = "Load plan YAML: levels (concurrency or rate), prompt and output length mixes, warm-up.")
    Path plan;

    @Option(names = "--out", paramLabel = "FILE", description = "Trace file (default: runs/<plan name>/trace.csv).")
    Path out;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "300s", description = "Longest a request may take, e.g. 120s or 5min (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--api-key-env", paramLabel = "NAME", defaultValue = ClientSettings.DEFAULT_API_KEY_ENVIRONMENT_VARIABLE,
            description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}).")
    String apiKeyEnv;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        LoadPlan loadPlan = LoadPlan.load(plan);
        URI base = baseUrl(url);
        double timeoutSeconds;
        try {
            timeoutSeconds = Units.parseSeconds(timeout);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--timeout '" + timeout + "' is not a duration; accepted: a number with a unit such as 120s or 5min");
        }
        Duration whole = Duration.ofMillis((long) (timeoutSeconds * 1000));
        ClientSettings settings = ClientSettings.defaults().withTimeouts(Duration.ofSeconds(10), whole, whole).withApiKeyEnvironmentVariable(apiKeyEnv);
        Path file = out != null ? out : Path.of("runs", loadPlan.name(), "trace.csv");
        try {
            io.dime.backend.trace.AtomicWrite.checkReplaceable(file, Trace.SIGNATURE); // before the measurement, not after it
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        PrintWriter w = spec.commandLine().getOut();
        Progress progress = new Progress(w, !quiet.on);
        Trace trace;
        try (OpenAiStreamingClient client = new OpenAiStreamingClient(base, settings)) {
            preflight(client, base);
            trace = new Observer(client, model).observe(loadPlan, progress::update);
        }
        progress.done();
        trace.write(file);
        if (!quiet.on) {
            w.printf("%s (%s %s), model %s%n", trace.header().get("server"), trace.header().get("engine"), trace.header().get("version"),
                    trace.header().get("model"));
            w.println(summary(trace));
            w.printf("wrote %s (%d requests; header: server, engine, model, plan, host)%n", file, trace.rows().size());
        }
        return 0;
    }

    /**
     * One small request before the plan, so that a wrong URL, a stopped server or a server that
     * is not OpenAI-compatible is said at once, not after a plan of failed requests.
     */
    private void preflight(OpenAiStreamingClient client, URI base) {
        io.dime.backend.client.CompletionRequest probe = io.dime.backend.client.CompletionRequest
                .completionOfTokenIds(List.of(3, 4, 5, 6), 2);
        if (model != null) {
            probe = probe.withModel(model);
        }
        io.dime.backend.client.StreamMeasurement m = client.stream(probe);
        if (!m.succeeded()) {
            throw new BadInputException("--url " + base + ": a first small completion request failed (" + m.outcome() + ": " + m.errorDetail()
                    + "), so the plan was not started; accepted: the base URL of a running OpenAI-compatible server (vLLM, SGLang, TGI,"
                    + " llama-server, Ollama) that serves /v1/completions" + (model == null ? ", and --model if it needs one" : ""));
        }
    }

    static URI baseUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new BadInputException("--url '" + url + "' is not a server URL; accepted: http://HOST:PORT, e.g. http://127.0.0.1:8000");
        }
    }

    /** Per level: requests measured and failed, TTFT, time per output token and end-to-end p50 / p99. */
    static String summary(Trace trace) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-8s %8s %7s %19s %19s %21s%n", "level", "measured", "failed",
                "TTFT p50/p99 ms", "TPOT p50/p99 ms", "e2e p50/p99 ms"));
        for (String level : trace.levels()) {
            List<TraceRow> measured = trace.measured(level);
            long failed = trace.level(level).stream().filter(r -> !r.ok()).count();
            s.append(String.format(Locale.ROOT, "%-8s %8d %7d %19s %19s %21s%n", level, measured.size(), failed,
                    pair(measured.stream().mapToDouble(TraceRow::ttftMs).toArray()),
                    pair(measured.stream().mapToDouble(TraceRow::tpotMs).filter(v -> !Double.isNaN(v)).toArray()),
                    pair(measured.stream().mapToDouble(TraceRow::e2eMs).toArray())));
        }
        return s.toString().stripTrailing();
    }

    private static String pair(double[] values) {
        return values.length == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f / %.1f", Replay.quantile(values, 0.5), Replay.quantile(values, 0.99));
    }
}
