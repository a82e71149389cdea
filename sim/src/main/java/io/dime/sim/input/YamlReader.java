package io.dime.sim.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import io.dime.sim.input.YamlNode.ScalarType;
import io.dime.sim.input.YamlNode.YList;
import io.dime.sim.input.YamlNode.YMap;
import io.dime.sim.input.YamlNode.YScalar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link YamlNode}s through Jackson's streaming parser, keeping the line and
 * column of every key and value (a plain Jackson tree forgets them). Duplicate keys, which
 * YAML parsers usually resolve silently by keeping the last, are reported.
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = factory();

    /** SnakeYAML's own limits set to Dime's documented ones, so that the file-size check, not the parser, speaks first. */
    private static YAMLFactory factory() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit((int) InputFile.MAX_YAML_BYTES + 1024);
        options.setNestingDepthLimit(InputFile.MAX_NESTING);
        options.setAllowDuplicateKeys(true); // reported by readValue with both places
        return YAMLFactory.builder().loaderOptions(options).build();
    }

    private YamlReader() {
    }

    /** Parses a document; an empty document is reported as such. */
    public static YamlNode read(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            boolean blank = first == JsonToken.VALUE_NULL || (first == JsonToken.VALUE_STRING && parser.getText().isEmpty());
            if (first == null || (blank && parser.nextToken() == null)) { // nothing, or only '---'
                throw new ScenarioException("", new Mark(1, 1), "the scenario file is empty; expected a mapping with at least 'name', 'nodes' and 'workload'");
            }
            return readValue(parser, "");
        } catch (JsonProcessingException e) {
            // SnakeYAML knows where the problem is; Jackson's own location is the last good token.
            Mark mark;
            String reason;
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                // At the end of the file the problem's own place says nothing ("unclosed quote found
                // at end of stream"): point at where the unfinished construct began instead.
                var where = marked.getContextMark() != null && String.valueOf(marked.getProblem()).contains("end of stream")
                        ? marked.getContextMark() : marked.getProblemMark();
                mark = new Mark(where.getLine() + 1, where.getColumn() + 1);
                reason = marked.getProblem();
                if (marked.getContext() != null) {
                    reason = marked.getContext() + ": " + reason;
                }
            } else {
                JsonLocation where = e.getLocation();
                mark = where == null ? null : new Mark(where.getLineNr(), where.getColumnNr());
                reason = e.getOriginalMessage();
            }
            reason = reason.replaceAll("\\s+", " ").trim();
            if (reason.contains("Nesting Depth exceeded") || reason.contains("nesting depth")) {
                throw new ScenarioException("", mark, "the YAML nests deeper than " + InputFile.MAX_NESTING
                        + " levels of mappings and lists; accepted: at most " + InputFile.MAX_NESTING + " (a scenario needs fewer than 10)");
            }
            if (reason.contains("code points") || reason.contains("exceeds the limit")) {
                throw new ScenarioException("", null, "the document is longer than " + InputFile.MAX_YAML_BYTES + " characters; accepted: at most 4 MiB");
            }
            throw new ScenarioException("", mark, "malformed YAML: " + reason + "; check the indentation and quoting around that place");
        } catch (IOException e) {
            throw new ScenarioException("", null, "cannot read the scenario: " + e.getMessage());
        }
    }

    private static YamlNode readValue(JsonParser parser, String path) throws IOException {
        JsonToken token = parser.currentToken();
        Mark mark = markOf(parser.currentTokenLocation());
        // Jackson passes a tag such as '!foo' by, and would read the value as if it were not there.
        String tag = parser.canReadTypeId() ? (String) parser.getTypeId() : null;
        if (tag != null && !tag.startsWith("tag:yaml.org,2002:")) {
            throw new ScenarioException(path, mark, "unknown YAML tag '" + (tag.startsWith("!") ? tag : "!" + tag) + "'; Dime reads plain YAML: remove the tag (accepted: no tag, or a standard one such as !!str)");
        }
        switch (token) {
            case START_OBJECT: {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, Mark> keyMarks = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Mark keyMark = markOf(parser.currentTokenLocation());
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    if (entries.containsKey(key)) {
                        throw new ScenarioException(childPath, keyMark, "duplicate key '" + key + "'; it was first given on line " + keyMarks.get(key).line() + ", column " + keyMarks.get(key).column() + "; give each key once");
                    }
                    parser.nextToken();
                    entries.put(key, readValue(parser, childPath));
                    keyMarks.put(key, keyMark);
                }
                return new YMap(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keyMarks), mark);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser, path + "[" + index++ + "]"));
                }
                return new YList(List.copyOf(items), mark);
            }
            case VALUE_STRING:
                return new YScalar(parser.getText(), ScalarType.STRING, mark);
            case VALUE_NUMBER_INT:
                return new YScalar(parser.getText(), ScalarType.INTEGER, mark);
            case VALUE_NUMBER_FLOAT:
                return new YScalar(parser.getText(), ScalarType.FLOAT, mark);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YScalar(parser.getText(), ScalarType.BOOLEAN, mark);
            case VALUE_NULL:
                return new YScalar("", ScalarType.NULL, mark);
            default:
                throw new ScenarioException(path, mark, "unexpected YAML element " + token);
        }
    }

    private static Mark markOf(JsonLocation location) {
        return new Mark(location.getLineNr(), location.getColumnNr());
    }
}
