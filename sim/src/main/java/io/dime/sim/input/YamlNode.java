package io.dime.sim.input;

import java.util.List;
import java.util.Map;

/** A YAML value with the place it was read from. */
public sealed interface YamlNode {
    Mark mark();

    /** What a person would call this kind of value, for error messages. */
    String kindName();

    /** A mapping; keys keep their order and their own marks. */
    record YMap(Map<String, YamlNode> entries, Map<String, Mark> keyMarks, Mark mark) implements YamlNode {
        @Override
        public String kindName() {
            return "a mapping";
        }
    }

    record YList(List<YamlNode> items, Mark mark) implements YamlNode {
        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** A scalar as written, with the type YAML gave it. */
    record YScalar(String text, ScalarType type, Mark mark) implements YamlNode {
        @Override
        public String kindName() {
            return switch (type) {
                case NULL -> "an empty value";
                case BOOLEAN -> "a boolean";
                case INTEGER, FLOAT -> "a number";
                case STRING -> "text";
            };
        }
    }

    enum ScalarType { STRING, INTEGER, FLOAT, BOOLEAN, NULL }
}
