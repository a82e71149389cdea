package io.dime.sim.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Names a scenario may use for one concept (routing policies, pricing mechanisms, verification
 * schemes, ...), each mapped to the one factory that builds it, in the order the docs list
 * them. Immutable once built; validation's "known: ..." lists and {@code dime list} read
 * {@link #names()}, so a name registered here is known everywhere and nowhere else.
 *
 * @param <F> what a name maps to: a factory, usually a constructor reference
 */
public final class Registry<F> {
    private final String concept;
    private final Map<String, F> byName;

    private Registry(String concept, Map<String, F> byName) {
        this.concept = concept;
        this.byName = byName;
    }

    /** A registry for {@code concept} ("routing policy"), filled by {@link Builder#add}. */
    public static <F> Builder<F> of(String concept) {
        return new Builder<>(concept);
    }

    /** What the names stand for, as an error message says it: "routing policy". */
    public String concept() {
        return concept;
    }

    /** Every registered name, in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The factory of {@code name}; an unknown name is an {@link IllegalArgumentException} listing the known ones. */
    public F get(String name) {
        F factory = byName.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown " + concept + " '" + name + "'; known: " + String.join(", ", byName.keySet()));
        }
        return factory;
    }

    /** Collects a registry's names; each name once. */
    public static final class Builder<F> {
        private final String concept;
        private final Map<String, F> byName = new LinkedHashMap<>();

        private Builder(String concept) {
            this.concept = Objects.requireNonNull(concept);
        }

        public Builder<F> add(String name, F factory) {
            if (byName.putIfAbsent(Objects.requireNonNull(name), Objects.requireNonNull(factory)) != null) {
                throw new IllegalArgumentException(concept + " '" + name + "' registered twice");
            }
            return this;
        }

        public Registry<F> build() {
            return new Registry<>(concept, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName)));
        }
    }
}
