package io.dime.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether each node group is centralized or decentralized. The CSV and JSON files do not
 * say, so it is read from nodes[].kind in scenario.resolved.yaml.
 */
final class NodeKinds {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private NodeKinds() {
    }

    /** Group name → kind; empty when the run folder has no resolved scenario. */
    static Map<String, String> of(Path runFolder) {
        Path file = runFolder.resolve("scenario.resolved.yaml");
        Map<String, String> kinds = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return kinds;
        }
        try {
            for (JsonNode node : YAML.readTree(file.toFile()).path("nodes")) {
                kinds.put(node.path("name").asText(), node.path("kind").asText("decentralized"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return kinds;
    }
}
