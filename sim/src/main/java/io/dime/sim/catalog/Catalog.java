package io.dime.sim.catalog;

import io.dime.sim.input.Obj;
import io.dime.sim.input.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalog of built-in numbers, read once from {@code catalog.yaml}. Lookup by name; the
 * name sets are what validation quotes. Immutable and shared.
 */
public final class Catalog {
    private static final String RESOURCE = "catalog.yaml";
    private static volatile Catalog builtIn;

    private final Map<String, Gpu> gpus;
    private final Map<String, ModelShape> models;
    private final Map<String, Region> regions;
    private final Map<String, Double> constants;
    private final java.util.List<ApiPrice> apiPrices;

    private Catalog(Map<String, Gpu> gpus, Map<String, ModelShape> models, Map<String, Region> regions, Map<String, Double> constants,
            java.util.List<ApiPrice> apiPrices) {
        this.apiPrices = java.util.List.copyOf(apiPrices);
        this.gpus = Collections.unmodifiableMap(gpus);
        this.models = Collections.unmodifiableMap(models);
        this.regions = Collections.unmodifiableMap(regions);
        this.constants = Collections.unmodifiableMap(constants);
    }

    /** The catalog shipped with Dime. */
    public static Catalog builtIn() {
        Catalog catalog = builtIn;
        if (catalog == null) {
            synchronized (Catalog.class) {
                if (builtIn == null) {
                    builtIn = load();
                }
                catalog = builtIn;
            }
        }
        return catalog;
    }

    public Map<String, Gpu> gpus() {
        return gpus;
    }

    public Map<String, ModelShape> models() {
        return models;
    }

    public Map<String, Region> regions() {
        return regions;
    }

    /** Providers' list prices per 1M tokens, in the catalog's order. */
    public java.util.List<ApiPrice> apiPrices() {
        return apiPrices;
    }

    /** A named constant of the catalog's {@code constants} section, e.g. {@code roofline.mfu}. */
    public double constant(String name) {
        Double value = constants.get(name);
        if (value == null) {
            throw new IllegalStateException("catalog.yaml has no constant '" + name + "'");
        }
        return value;
    }

    private static Catalog load() {
        String text;
        try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("catalog.yaml is missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Obj root = Obj.of(YamlReader.read(text), "catalog");
        Map<String, Gpu> gpus = new LinkedHashMap<>();
        for (Obj g : root.objects("gpus")) {
            String name = g.string("name");
            gpus.put(name, new Gpu(
                    name,
                    g.string("display", name),
                    g.number("memory_gb", 1, 1e4) * 1e9,
                    g.number("memory_bandwidth_gbs", 1, 1e6) * 1e9,
                    g.number("bf16_tflops", 0.1, 1e6) * 1e12,
                    g.number("price_per_hour_usd", 0, 1e4),
                    g.string("spec_source", "") + "; price: " + g.string("price_source", "")));
        }
        Map<String, ModelShape> models = new LinkedHashMap<>();
        for (Obj m : root.objects("models")) {
            String name = m.string("name");
            double params = m.number("params", 1, 1e14);
            models.put(name, new ModelShape(
                    name,
                    params,
                    m.number("active_params", params, 1, 1e14),
                    m.number("bytes_per_param", 2, 0.125, 8),
                    (int) m.integer("layers", 1, 10_000),
                    (int) m.integer("hidden", 1, 1_000_000),
                    (int) m.integer("kv_heads", 1, 10_000),
                    (int) m.integer("head_dim", 1, 100_000),
                    m.string("source", "")));
        }
        Map<String, Region> regions = new LinkedHashMap<>();
        for (Obj r : root.objects("regions")) {
            String name = r.string("name");
            regions.put(name, new Region(name, r.string("display", name), r.number("lat", -90, 90), r.number("lon", -180, 180)));
        }
        Map<String, Double> constants = new LinkedHashMap<>();
        collectConstants(root.objectOrEmpty("constants"), "", constants);
        java.util.List<ApiPrice> apiPrices = new java.util.ArrayList<>();
        for (Obj p : root.objects("api_prices")) {
            apiPrices.add(new ApiPrice(p.string("provider"), p.string("model"), p.number("input_usd", 0, 1e4), p.number("output_usd", 0, 1e4),
                    p.bool("blended", false), p.string("source"), p.string("date")));
        }
        return new Catalog(gpus, models, regions, constants, apiPrices);
    }

    /** Flattens {@code constants: {roofline: {mfu: {value: 0.5, source: ...}}}} to {@code roofline.mfu = 0.5}. */
    private static void collectConstants(Obj section, String prefix, Map<String, Double> out) {
        for (String key : section.keys()) {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            Obj child = section.object(key);
            if (child.has("value")) {
                out.put(name, child.number("value", -Double.MAX_VALUE, Double.MAX_VALUE));
            } else {
                collectConstants(child, name, out);
            }
        }
    }
}
