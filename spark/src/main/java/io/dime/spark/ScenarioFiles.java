package io.dime.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files a sweep's scenarios refer to by relative path (node profiles, arrival traces), copied
 * into the job so that a worker without the driver's file system can load the scenarios. The files
 * keep their places relative to the scenario's folder: a scenario in {@code scenarios/sweeps} that
 * names {@code ../profiles/a100.yaml} finds it in the unpacked copy as it did on the driver.
 * Absolute paths are left alone (they must exist on every worker).
 */
final class ScenarioFiles implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The keys whose values name files, as the scenario loader reads them. */
    private static final List<String> FILE_KEYS = List.of("profile", "file");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The scenario's folder inside the copy ("" when no file lies above it). */
    private final String baseFolder;
    /** Each file's bytes, by its path inside the copy. */
    private final TreeMap<String, byte[]> files;

    private ScenarioFiles(String baseFolder, TreeMap<String, byte[]> files) {
        this.baseFolder = baseFolder;
        this.files = files;
    }

    /** The relatively named files that exist under {@code baseDir}, found in every scenario text given. */
    static ScenarioFiles of(Path baseDir, Collection<String> scenarioTexts) {
        Path base = baseDir.toAbsolutePath().normalize();
        List<Path> referenced = new ArrayList<>();
        for (String text : scenarioTexts) {
            JsonNode tree;
            try {
                tree = YAML.readTree(text);
            } catch (IOException e) {
                continue; // the loader reports a scenario that is not YAML
            }
            collect(tree, base, referenced);
        }
        int ups = 0;
        for (Path file : referenced) {
            Path relative = base.relativize(file);
            int n = 0;
            while (n < relative.getNameCount() && relative.getName(n).toString().equals("..")) {
                n++;
            }
            ups = Math.max(ups, n);
        }
        Path root = base;
        for (int i = 0; i < ups && root.getParent() != null; i++) {
            root = root.getParent();
        }
        TreeMap<String, byte[]> bytes = new TreeMap<>();
        for (Path file : referenced) {
            try {
                bytes.put(slashes(root.relativize(file)), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ScenarioFiles(slashes(root.relativize(base)), bytes);
    }

    private static void collect(JsonNode node, Path base, List<Path> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (FILE_KEYS.contains(field.getKey()) && value.isTextual()) {
                    try {
                        Path named = Path.of(value.asText());
                        Path file = base.resolve(named).normalize();
                        if (!named.isAbsolute() && Files.isRegularFile(file) && !into.contains(file)) {
                            into.add(file);
                        }
                    } catch (InvalidPathException e) {
                        // not a file name; the loader says what is wrong with it
                    }
                } else {
                    collect(value, base, into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, base, into));
        }
    }

    private static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    /** The paths inside the copy, for messages and tests. */
    List<String> names() {
        return List.copyOf(files.keySet());
    }

    /** Writes the copy into a new temporary folder; closing it deletes the folder. */
    Unpacked unpack() {
        try {
            Path root = Files.createTempDirectory("dime-scenario-files-");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = root.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            Path base = baseFolder.isEmpty() ? root : root.resolve(baseFolder);
            Files.createDirectories(base);
            return new Unpacked(root, base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An unpacked copy: {@code base} is where the scenario's relative paths resolve. */
    record Unpacked(Path root, Path base) implements AutoCloseable {
        @Override
        public void close() {
            try {
                io.dime.sim.output.RunFolder.deleteTree(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
