package io.dime.sim.property;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dime.sim.RunOutcome;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 14's mutation property: every bundled scenario, with one value deleted, retyped, swapped
 * for text, NaN, an infinity, a huge or negative number, emptied or nulled, is either refused
 * with a located {@link ScenarioException} (line and column: the command line's exit 2), or is a
 * valid scenario, and a valid one runs (shortened to two simulated minutes). Anything else (a NullPointerException, a
 * NumberFormatException, an error with no place) fails the property; jqwik prints the mutation
 * and the seed to replay it with {@code @Property(seed = "...")}.
 */
class ScenarioMutationPropertiesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Stands for an unquoted YAML token that Jackson would quote: replaced in the emitted text. */
    private static final String RAW = "__raw__";

    enum Kind { DELETE, TO_LIST, TO_MAP, TO_TEXT, NAN, INFINITY, HUGE, HUGE_INTEGER, NEGATIVE, ZERO, EMPTY_TEXT, NULL, DUPLICATE_ITEM }

    record Mutation(Path file, long pick, Kind kind) {
    }

    private static final List<Path> BUNDLED = bundled();

    private static List<Path> bundled() {
        try (Stream<Path> files = Files.list(Path.of("../scenarios"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("the bundled scenarios are in ../scenarios", e);
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.of(BUNDLED), Arbitraries.longs(), Arbitraries.of(Kind.class)).as(Mutation::new);
    }

    /** Every value in the tree with the container that holds it, so one can be replaced or removed. */
    private record Slot(JsonNode parent, String key, int index, JsonNode value) {
    }

    private static void slots(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
                String key = it.next();
                out.add(new Slot(object, key, -1, object.get(key)));
                slots(object.get(key), out);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                out.add(new Slot(array, null, i, array.get(i)));
                slots(array.get(i), out);
            }
        }
    }

    private static void replace(Slot slot, JsonNode value) {
        if (slot.parent() instanceof ObjectNode object) {
            object.set(slot.key(), value);
        } else {
            ((ArrayNode) slot.parent()).set(slot.index(), value);
        }
    }

    /** The mutated text, or null when this kind does not apply to the picked value. */
    static String mutate(Mutation m) throws IOException {
        JsonNode root = YAML.readTree(Files.readString(m.file(), StandardCharsets.UTF_8));
        List<Slot> slots = new ArrayList<>();
        slots(root, slots);
        Slot slot = slots.get(new Random(m.pick()).nextInt(slots.size()));
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (m.kind()) {
            case DELETE -> {
                if (slot.parent() instanceof ObjectNode object) {
                    object.remove(slot.key());
                } else {
                    ((ArrayNode) slot.parent()).remove(slot.index());
                }
            }
            case TO_LIST -> replace(slot, f.arrayNode().add(slot.value()));
            case TO_MAP -> replace(slot, f.objectNode().set("value", slot.value()));
            case TO_TEXT -> replace(slot, f.textNode("not-a-number"));
            case NAN -> replace(slot, f.textNode(RAW + ".nan"));
            case INFINITY -> replace(slot, f.textNode(RAW + "-.inf"));
            case HUGE -> replace(slot, f.textNode(RAW + "1.0e308"));
            case HUGE_INTEGER -> replace(slot, f.textNode(RAW + "1000000000000000000"));
            case NEGATIVE -> replace(slot, f.textNode(RAW + "-1"));
            case ZERO -> replace(slot, f.textNode(RAW + "0"));
            case EMPTY_TEXT -> replace(slot, f.textNode(""));
            case NULL -> replace(slot, f.nullNode());
            case DUPLICATE_ITEM -> {
                if (!(slot.value() instanceof ArrayNode array) || array.isEmpty()) {
                    return null;
                }
                array.add(array.get(0).deepCopy());
            }
        }
        String text = YAML.writeValueAsString(root);
        return text.replaceAll("\"" + RAW + "([^\"]*)\"", "$1");
    }

    @Property
    void everyMutationOfABundledScenarioIsALocatedErrorOrRuns(@ForAll("mutations") Mutation m) throws IOException {
        String text = mutate(m);
        if (text == null) {
            net.jqwik.api.statistics.Statistics.collect("not applicable");
            return;
        }
        Scenario scenario;
        try {
            scenario = new ScenarioLoader().parse(text, m.file().toAbsolutePath().getParent());
        } catch (ScenarioException e) {
            assertTrue(e.line() > 0 && e.column() > 0, "refused, but with no line and column: " + e.getMessage() + "\n--- mutated text:\n" + text);
            net.jqwik.api.statistics.Statistics.collect("located error");
            return;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail("a mutation of " + m.file().getFileName() + " (" + m.kind() + ") crashed the loader: " + e + "\n--- mutated text:\n" + text, e);
            return;
        }
        net.jqwik.api.statistics.Statistics.collect("valid, ran");
        runShortened(m, text);
        assertTrue(scenario.replications() >= 1);
    }

    /** A valid mutant runs, cut to one replication of two minutes: it must end, conserving what every run checks. */
    private static void runShortened(Mutation m, String text) throws IOException {
        ObjectNode root;
        try {
            root = (ObjectNode) YAML.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Dime read the mutant (a .nan in a text field such as a description), Jackson's tree cannot: it runs unshortened
            RunOutcome.run(new ScenarioLoader().parse(text, m.file().toAbsolutePath().getParent()).withReplications(1), 1);
            return;
        }
        root.put("duration", "2min");
        root.put("warmup", "0s");
        root.put("replications", 1);
        Scenario shortened;
        try {
            shortened = new ScenarioLoader().parse(YAML.writeValueAsString(root), m.file().toAbsolutePath().getParent());
        } catch (ScenarioException e) {
            return; // shortening made it invalid (a schedule past two minutes, say): not this property's concern
        }
        try {
            RunOutcome.run(shortened, 1);
        } catch (ScenarioException e) {
            // refused before running (the memory estimate): a located answer, not a crash
        } catch (RuntimeException e) {
            fail("a valid mutation of " + m.file().getFileName() + " (" + m.kind() + ") crashed when run: " + e + "\n--- mutated text:\n" + text, e);
        }
    }
}
