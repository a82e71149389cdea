package io.dime.backend.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Command line: writes a tiny random llama model, so a build can create one before starting
 * llama-server.
 *
 * <pre>
 * java -cp dime-real-backend.jar io.dime.backend.gguf.WriteTinyLlama --out target/tiny-llama.gguf \
 *     [--embedding 768] [--layers 4] [--ff 2048] [--heads 12] [--kv-heads 12] [--context 4096] \
 *     [--type f16|f32] [--seed 42]
 * </pre>
 *
 * Unset sizes come from {@link TinyLlamaSpec#COMPUTE_BOUND_DEFAULT}.
 */
public final class WriteTinyLlama {

    private WriteTinyLlama() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = parseOptions(args);
        String out = options.remove("out");
        if (out == null) {
            throw new IllegalArgumentException("--out PATH is required");
        }
        TinyLlamaSpec defaults = TinyLlamaSpec.COMPUTE_BOUND_DEFAULT;
        TinyLlamaSpec spec = new TinyLlamaSpec(
                intOption(options, "embedding", defaults.embeddingLength()),
                intOption(options, "layers", defaults.blockCount()),
                intOption(options, "ff", defaults.feedForwardLength()),
                intOption(options, "heads", defaults.headCount()),
                intOption(options, "kv-heads", defaults.headCountKv()),
                intOption(options, "context", defaults.contextLength()),
                options.containsKey("type") ? GgmlType.fromName(options.remove("type")) : defaults.weightType(),
                options.containsKey("seed") ? Long.parseLong(options.remove("seed")) : defaults.seed());
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + options.keySet());
        }
        long startNanos = System.nanoTime();
        long fileBytes = new TinyLlamaWriter(spec).writeTo(Path.of(out));
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        System.out.printf("wrote %s: %,d parameters, %,d bytes, in %d ms (%s)%n",
                out, spec.parameterCount(), fileBytes, elapsedMs, spec);
    }

    private static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + arg + "'");
            }
            options.put(arg.substring(2), args[++i]);
        }
        return options;
    }

    private static int intOption(Map<String, String> options, String name, int defaultValue) {
        String value = options.remove(name);
        return value == null ? defaultValue : Integer.parseInt(value);
    }
}
