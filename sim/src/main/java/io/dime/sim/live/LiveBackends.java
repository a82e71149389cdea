package io.dime.sim.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The registry of live backend types: the {@link LiveBackend.Factory} implementations on the
 * class path, by {@link LiveBackend.Factory#type()}. What validation quotes when a scenario
 * names a type nobody provides, and what opens the backends of a run.
 *
 * <p>Discovery is lazy and per instance (no static state): scenarios without live nodes never
 * scan the class path.
 */
public final class LiveBackends {
    /**
     * Types that Dime's own modules provide, by the module that does, so that a missing one
     * is reported as a missing module rather than a typo.
     */
    private static final Map<String, String> PROVIDED_BY = Map.of("openai", "real-backend");

    private final ClassLoader loader;
    private Map<String, LiveBackend.Factory> byType; // guarded by this; null until first asked

    private LiveBackends(ClassLoader loader, Map<String, LiveBackend.Factory> byType) {
        this.loader = loader;
        this.byType = byType;
    }

    /** The factories {@link ServiceLoader} finds through the thread's context class loader. */
    public static LiveBackends discover() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return discover(context != null ? context : LiveBackends.class.getClassLoader());
    }

    public static LiveBackends discover(ClassLoader loader) {
        return new LiveBackends(loader, null);
    }

    /** Exactly these factories, for embedding and tests. */
    public static LiveBackends of(Collection<? extends LiveBackend.Factory> factories) {
        return new LiveBackends(null, index(factories));
    }

    /** The available types, sorted. */
    public List<String> types() {
        return List.copyOf(factories().keySet());
    }

    public boolean has(String type) {
        return factories().containsKey(type);
    }

    /** Checks a backend's settings as its type would open them ({@link LiveBackend.Factory#check}). */
    public void check(String type, Map<String, String> settings) {
        factory(type).check(settings);
    }

    /** Opens a backend of {@code type}; an unknown type is an {@link IllegalArgumentException} listing the available ones. */
    public LiveBackend open(String type, Map<String, String> settings) {
        return factory(type).open(settings);
    }

    private LiveBackend.Factory factory(String type) {
        LiveBackend.Factory factory = factories().get(type);
        if (factory == null) {
            throw new IllegalArgumentException(missingType(type) + "; available: " + available());
        }
        return factory;
    }

    /**
     * What is wrong when {@code type} is not available, without the list of available types:
     * a missing module for a type Dime's modules provide, an unknown type otherwise.
     */
    public static String missingType(String type) {
        String module = PROVIDED_BY.get(type);
        return module != null
                ? "backend type '" + type + "' needs the " + module + " module on the class path"
                : "unknown backend type '" + type + "'";
    }

    /** The available types as a sentence: a list, or plainly none. */
    public String available() {
        List<String> types = types();
        return types.isEmpty() ? "none (no live backend module is on the class path)" : String.join(", ", types);
    }

    private synchronized Map<String, LiveBackend.Factory> factories() {
        if (byType == null) {
            List<LiveBackend.Factory> found = new ArrayList<>();
            try {
                ServiceLoader.load(LiveBackend.Factory.class, loader).forEach(found::add);
            } catch (ServiceConfigurationError e) {
                throw new IllegalStateException("a live backend module on the class path is broken: " + e.getMessage(), e);
            }
            byType = index(found);
        }
        return byType;
    }

    private static Map<String, LiveBackend.Factory> index(Collection<? extends LiveBackend.Factory> factories) {
        Map<String, LiveBackend.Factory> byType = new TreeMap<>();
        for (LiveBackend.Factory factory : factories) {
            LiveBackend.Factory other = byType.putIfAbsent(factory.type(), factory);
            if (other != null) {
                throw new IllegalStateException("two live backends claim type '" + factory.type() + "': "
                        + other.getClass().getName() + " and " + factory.getClass().getName() + "; keep one module on the class path");
            }
        }
        return java.util.Collections.unmodifiableMap(byType);
    }
}
