package io.dime.sim.input;

import io.dime.sim.input.YamlNode.ScalarType;
import io.dime.sim.input.YamlNode.YList;
import io.dime.sim.input.YamlNode.YMap;
import io.dime.sim.input.YamlNode.YScalar;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML mapping being bound into a record. Each accessor names one key, checks its type and
 * range, and remembers the key as known; {@link #finish()} then rejects any key nobody asked
 * for, quoting the accepted keys and the nearest match. Errors carry the full key path.
 */
public final class Obj {
    private final YMap map;
    private final String path;
    private final Set<String> known = new LinkedHashSet<>();

    private Obj(YMap map, String path) {
        this.map = map;
        this.path = path;
    }

    /** Binds {@code node} as a mapping at {@code path}, or reports what it is instead. */
    public static Obj of(YamlNode node, String path) {
        if (node instanceof YMap m) {
            return new Obj(m, path);
        }
        throw new ScenarioException(path, node.mark(), "expected a mapping of keys to values, found " + node.kindName());
    }

    public String path() {
        return path;
    }

    public Mark mark() {
        return map.mark();
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * Whether the key is given. A key given with no value ({@code count: ~}, {@code count:}) is
     * an error, not the default: leaving a key out is how a default is asked for.
     */
    public boolean has(String key) {
        known.add(key);
        YamlNode node = map.entries().get(key);
        if (node instanceof YScalar s && s.type() == ScalarType.NULL) {
            throw new ScenarioException(pathOf(key), s.mark(), "'" + key + "' has no value (it is empty or ~); give a value, or leave the key out for its default");
        }
        return node != null;
    }

    public YamlNode raw(String key) {
        known.add(key);
        return map.entries().get(key);
    }

    public Mark markOf(String key) {
        YamlNode node = map.entries().get(key);
        return node != null ? node.mark() : map.mark();
    }

    public ScenarioException error(String key, String problem) {
        return new ScenarioException(pathOf(key), markOf(key), problem);
    }

    private YamlNode required(String key, String expected) {
        if (!has(key)) {
            // A near miss of a required key is a typo, not an omission: say so where the typo is.
            for (String present : map.entries().keySet()) {
                if (!known.contains(present) && isNearMiss(present, key)) {
                    throw new ScenarioException(pathOf(present), map.keyMarks().get(present), "unknown key '" + present + "'; did you mean '" + key + "'?");
                }
            }
            throw new ScenarioException(pathOf(key), map.mark(), "missing required key '" + key + "'; expected " + expected);
        }
        return map.entries().get(key);
    }

    private YScalar scalar(String key, String expected) {
        YamlNode node = required(key, expected);
        if (node instanceof YScalar s) {
            return s;
        }
        throw error(key, "expected " + expected + ", found " + node.kindName());
    }

    public String string(String key) {
        YScalar s = scalar(key, "text");
        return s.text();
    }

    /**
     * A name that becomes an output folder or file name (a sweep's, a league's, a plan's): one
     * path segment of safe characters, so {@code name: ../../etc} cannot write outside runs/.
     */
    public String safeName(String key) {
        String name = string(key);
        if (!SafeName.isSafe(name)) {
            throw error(key, "'" + name + "' cannot name an output folder; accepted: " + SafeName.RULE);
        }
        return name;
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    /** A name from a fixed set, e.g. a policy; the accepted names are quoted when it is not one. */
    public String choice(String key, String fallback, Collection<String> accepted, String what) {
        if (!has(key)) {
            if (fallback == null) {
                required(key, "one of " + String.join(", ", accepted));
            }
            return fallback;
        }
        String value = string(key);
        if (!accepted.contains(value)) {
            throw error(key, "unknown " + what + " '" + value + "'" + choices(value, accepted, "known"));
        }
        return value;
    }

    public double number(String key, double min, double max) {
        YScalar s = scalar(key, "a number");
        double value = Values.number(s, pathOf(key));
        return Values.inRange(value, min, max, pathOf(key), s.mark());
    }

    public double number(String key, double fallback, double min, double max) {
        return has(key) ? number(key, min, max) : fallback;
    }

    public long integer(String key, long min, long max) {
        YScalar s = scalar(key, "a whole number");
        long value = Values.integer(s, pathOf(key));
        if (value < min || value > max) {
            throw error(key, Values.rangeProblem(s.text(), min, max));
        }
        return value;
    }

    public long integer(String key, long fallback, long min, long max) {
        return has(key) ? integer(key, min, max) : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        YScalar s = scalar(key, "true or false");
        if (s.type() != ScalarType.BOOLEAN) {
            throw error(key, "expected true or false, found '" + s.text() + "'");
        }
        return Boolean.parseBoolean(s.text());
    }

    /** A duration with a unit, in seconds, at least {@code minSeconds}. */
    public double seconds(String key, double minSeconds, double maxSeconds) {
        YScalar s = scalar(key, "a duration such as 250ms, 5min or 1h");
        return Values.seconds(s, pathOf(key), minSeconds, maxSeconds);
    }

    public double seconds(String key, double fallback, double minSeconds, double maxSeconds) {
        return has(key) ? seconds(key, minSeconds, maxSeconds) : fallback;
    }

    /** A rate with a unit, in events per second. */
    public double perSecond(String key, double minPerSecond, double maxPerSecond) {
        YScalar s = scalar(key, "a rate such as 50/s or 3000/h");
        return Values.perSecond(s, pathOf(key), minPerSecond, maxPerSecond);
    }

    public Obj object(String key) {
        return Obj.of(required(key, "a mapping"), pathOf(key));
    }

    /** The mapping under {@code key}, or an empty one when the key is absent. */
    public Obj objectOrEmpty(String key) {
        if (!has(key)) {
            return new Obj(new YMap(Map.of(), Map.of(), markOf(key)), pathOf(key));
        }
        return object(key);
    }

    public List<YamlNode> list(String key) {
        YamlNode node = required(key, "a list");
        if (node instanceof YList l) {
            return l.items();
        }
        throw error(key, "expected a list (items starting with '- ' or [a, b]), found " + node.kindName());
    }

    public List<YamlNode> listOrEmpty(String key) {
        return has(key) ? list(key) : List.of();
    }

    public List<Obj> objects(String key) {
        List<Obj> result = new ArrayList<>();
        List<YamlNode> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            result.add(Obj.of(items.get(i), pathOf(key) + "[" + i + "]"));
        }
        return result;
    }

    /** Keys present in the mapping, in file order. */
    public Set<String> keys() {
        return map.entries().keySet();
    }

    /** Rejects keys no accessor asked for. Call after binding every key. */
    public void finish() {
        for (Map.Entry<String, YamlNode> entry : map.entries().entrySet()) {
            String key = entry.getKey();
            if (!known.contains(key)) {
                Mark mark = map.keyMarks().get(key);
                throw new ScenarioException(pathOf(key), mark, "unknown key '" + key + "'" + choices(key, known, "accepted here"));
            }
        }
    }

    /**
     * The tail of an "unknown name" message: {@code "; did you mean 'x'? known: a, b"} for a
     * near miss, {@code "; known: a, b"} otherwise.
     */
    public static String choices(String given, Collection<String> accepted, String label) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : accepted) {
            int distance = editDistance(given.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        String list = label + ": " + String.join(", ", accepted);
        if (best != null && isNearMiss(given, best)) {
            return "; did you mean '" + best + "'? " + list;
        }
        return "; " + list;
    }

    private static boolean isNearMiss(String given, String candidate) {
        return editDistance(given.toLowerCase(), candidate.toLowerCase()) <= Math.max(1, Math.min(3, given.length() / 3));
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
