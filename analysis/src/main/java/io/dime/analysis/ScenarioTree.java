package io.dime.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A scenario file's text edited as a YAML tree, then loaded like any scenario: sweeps set values
 * at paths, leagues replace whole sections. Text that is not a YAML mapping is loaded as it is,
 * so the loader reports its located error.
 */
final class ScenarioTree {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ScenarioTree() {
    }

    /**
     * @param baseDir where relative paths in the scenario (profiles, traces) are resolved
     * @param locate  turns an error in the edited scenario into one that says where it came from
     */
    static Scenario load(String text, Path baseDir, Consumer<ObjectNode> edit, UnaryOperator<ScenarioException> locate) {
        String edited = edit(text, edit);
        if (edited == null) {
            return new ScenarioLoader().parse(text, baseDir);
        }
        try {
            return new ScenarioLoader().parse(edited, baseDir);
        } catch (ScenarioException e) {
            throw locate.apply(e);
        }
    }

    /** The scenario text after {@code edit}, or null when the text is not a YAML mapping (the loader then reports why). */
    static String edit(String text, Consumer<ObjectNode> edit) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (IOException e) {
            return null;
        }
        if (!(tree instanceof ObjectNode root)) {
            return null;
        }
        edit.accept(root);
        try {
            return YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
