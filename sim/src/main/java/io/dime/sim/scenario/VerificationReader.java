package io.dime.sim.scenario;

import io.dime.sim.input.YamlNode;
import io.dime.sim.input.Mark;
import io.dime.sim.input.Obj;
import io.dime.sim.input.Values;
import io.dime.sim.input.Units;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.catalog.Catalog;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.VerificationSpec.Adversary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code verification:} (one scheme, or {@code schemes: [...]} to run the same network
 * under each) and {@code adversaries:}. Defaults and their sources are in the catalog
 * ({@code constants.verification.*}).
 */
final class VerificationReader {
    private static final double MAX_SECONDS = ScenarioLoader.MAX_DURATION_SECONDS;

    private VerificationReader() {
    }

    /** The settings every scheme may read, read once from {@code verification:} (a scheme keeps only its own). */
    private record Settings(double rate, int replicas, String comparison, double nondeterminism, double challengeWindowSeconds,
            int bisectionRounds, double roundSeconds, double proofMultiple, double proofBytes, double verifySeconds, boolean waitForProof,
            double teeOverhead, double compromiseProbability, int commitTokens, double commitBytes, Map<String, Double> detection,
            double falsePositiveRate) {
    }

    /** Each scheme's name and how its own record is made from the settings, at a sampling rate (its own or the common one). */
    private static final Map<String, java.util.function.BiFunction<Settings, Double, VerificationSpec.Check>> SCHEMES = schemes();

    private static Map<String, java.util.function.BiFunction<Settings, Double, VerificationSpec.Check>> schemes() {
        Map<String, java.util.function.BiFunction<Settings, Double, VerificationSpec.Check>> m = new LinkedHashMap<>();
        m.put("none", (s, rate) -> new VerificationSpec.None());
        m.put("redundancy", (s, rate) -> new VerificationSpec.Redundancy(s.replicas(), s.comparison(), s.nondeterminism(), s.detection()));
        m.put("spot-check", (s, rate) -> new VerificationSpec.SpotCheck(rate));
        m.put("optimistic", (s, rate) -> new VerificationSpec.Optimistic(rate, s.challengeWindowSeconds(), s.bisectionRounds(), s.roundSeconds()));
        m.put("zkml", (s, rate) -> new VerificationSpec.Zkml(s.proofMultiple(), s.proofBytes(), s.verifySeconds(), s.waitForProof()));
        m.put("tee", (s, rate) -> new VerificationSpec.Tee(s.teeOverhead(), s.compromiseProbability()));
        m.put("activation-commitment", (s, rate) -> new VerificationSpec.ActivationCommitment(rate, s.commitTokens(), s.commitBytes(), s.detection()));
        m.put("toploc", (s, rate) -> new VerificationSpec.Toploc(rate, s.commitTokens(), s.commitBytes(), s.detection(), s.falsePositiveRate()));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The scheme names, in the order the docs list them. */
    static List<String> schemeNames() {
        return List.copyOf(SCHEMES.keySet());
    }

    /** The schemes to run: one, or several when {@code schemes} lists them. */
    static List<VerificationSpec> read(Obj v, Catalog catalog) {
        List<String> schemes = new ArrayList<>();
        List<Double> rates = new ArrayList<>(); // NaN: the common rate
        readSchemes(v, schemes, rates);
        Map<String, Double> detection = detection(v, catalog);
        Settings settings = settings(v, catalog, detection);
        VerificationSpec.Consequences consequences = consequences(v);
        v.finish();
        List<VerificationSpec> specs = new ArrayList<>();
        for (int i = 0; i < schemes.size(); i++) {
            double rate = Double.isNaN(rates.get(i)) ? settings.rate() : rates.get(i);
            specs.add(new VerificationSpec(SCHEMES.get(schemes.get(i)).apply(settings, rate), consequences));
        }
        return specs;
    }

    /** {@code scheme}, or {@code schemes}: names, or {scheme, rate} maps with their own sampling rate (NaN: the common rate). */
    private static void readSchemes(Obj v, List<String> schemes, List<Double> rates) {
        if (v.has("schemes")) {
            if (v.has("scheme")) {
                throw v.error("schemes", "give either 'scheme' or 'schemes', not both");
            }
            List<YamlNode> items = v.list("schemes");
            for (int i = 0; i < items.size(); i++) {
                String path = v.pathOf("schemes") + "[" + i + "]";
                String name;
                double rate = Double.NaN;
                Mark mark = items.get(i).mark();
                if (items.get(i) instanceof YamlNode.YMap) {
                    // {scheme: spot-check, rate: 0.01}: a scheme with its own sampling rate
                    Obj item = Obj.of(items.get(i), path);
                    name = item.choice("scheme", null, VerificationSpec.SCHEMES, "verification scheme");
                    rate = item.number("rate", Double.NaN, 0, 1);
                    item.finish();
                } else {
                    YamlNode.YScalar s = Values.scalar(items.get(i), path, "a scheme name or {scheme, rate}");
                    name = s.text();
                    if (!VerificationSpec.SCHEMES.contains(name)) {
                        throw new ScenarioException(path, mark, "unknown verification scheme '" + name + "'" + Obj.choices(name, VerificationSpec.SCHEMES, "known"));
                    }
                }
                if (schemes.contains(name)) {
                    throw new ScenarioException(path, mark, "scheme '" + name + "' is listed twice");
                }
                schemes.add(name);
                rates.add(rate);
            }
            if (schemes.isEmpty()) {
                throw v.error("schemes", "the list of schemes is empty; known: " + String.join(", ", VerificationSpec.SCHEMES));
            }
        } else {
            schemes.add(v.choice("scheme", "none", VerificationSpec.SCHEMES, "verification scheme"));
            rates.add(Double.NaN);
        }
    }

    /** Per adversary strategy, the probability a check sees its lie; defaults in the catalog. */
    private static Map<String, Double> detection(Obj v, Catalog catalog) {
        Map<String, Double> detection = new LinkedHashMap<>();
        for (String strategy : AdversaryStrategies.names()) {
            // A commitment covers the tokens returned: a shortened answer's activations are genuine.
            detection.put(strategy, catalog.constant(strategy.equals("truncation") ? "verification.toploc_truncation_detection" : "verification.toploc_detection"));
        }
        if (v.has("detection")) {
            Obj d = v.object("detection");
            for (String strategy : AdversaryStrategies.names()) {
                detection.put(strategy, d.number(strategy, detection.get(strategy), 0, 1));
            }
            d.finish();
        }
        return detection;
    }

    /** Every scheme's settings, common to the schemes listed. */
    private static Settings settings(Obj v, Catalog catalog, Map<String, Double> detection) {
        return new Settings(
                v.number("rate", 0.05, 0, 1),
                (int) v.integer("replicas", 3, 2, 15),
                v.choice("comparison", "exact", VerificationSpec.COMPARISONS, "comparison"),
                v.number("nondeterminism", catalog.constant("verification.exact_mismatch_probability"), 0, 1),
                v.seconds("challenge_window", 3600, 0, MAX_SECONDS),
                (int) v.integer("bisection_rounds", 20, 0, 200),
                v.seconds("round", 12, 0, MAX_SECONDS),
                v.number("proof_multiple", catalog.constant("verification.zkml_proof_multiple"), 1, 1e7),
                v.number("proof_bytes", 200_000, 0, 1e12),
                v.seconds("verify", 0.5, 0, MAX_SECONDS),
                v.bool("wait_for_proof", false),
                v.number("tee_overhead", catalog.constant("verification.tee_overhead"), 0, 10),
                v.number("compromise_probability", 0.001, 0, 1),
                (int) v.integer("commit_tokens", (long) catalog.constant("verification.toploc_commit_tokens"), 1, 1_000_000),
                v.number("commit_bytes", catalog.constant("verification.toploc_commit_bytes"), 0, 1e9),
                detection,
                v.number("false_positive_rate", catalog.constant("verification.toploc_false_positive_rate"), 0, 1));
    }

    private static VerificationSpec.Consequences consequences(Obj v) {
        return new VerificationSpec.Consequences(
                v.number("penalty_usd", 10, 0, 1e12),
                v.number("slash_share", 0.1, 0, 1),
                v.bool("withhold_reward", true),
                (int) v.integer("eject_after", 3, 0, 1_000_000),
                v.number("reputation_penalty", 0.5, 0, 1),
                v.seconds("epoch", 3600, 1, MAX_SECONDS));
    }

    /**
     * What a cheat saves of a request's GPU cost unless the scenario says: all of it for garbage,
     * 0.7 for a cheaper model, half for an answer cut short or weights at half the bytes (FP8
     * for BF16: decode reads half as much). Assumed, as the strategies are Dime's.
     */
    private static double defaultSavedShare(String strategy) {
        return switch (strategy) {
            case "substitution" -> 0.7;
            case "truncation", "precision" -> 0.5;
            default -> 1.0;
        };
    }

    static List<Adversary> adversaries(Obj root, List<NodeGroup> nodes) {
        List<Adversary> adversaries = new ArrayList<>();
        if (!root.has("adversaries")) {
            return adversaries;
        }
        List<String> groups = nodes.stream().filter(g -> g.kind() == Scenario.NodeKind.DECENTRALIZED).map(NodeGroup::name).toList();
        double total = 0;
        for (Obj a : root.objects("adversaries")) {
            String strategy = a.choice("strategy", null, AdversaryStrategies.names(), "adversary strategy");
            double share = a.number("share", 0, 1);
            String group = "";
            if (a.has("group")) {
                group = a.string("group");
                if (!groups.contains(group)) {
                    throw a.error("group", "unknown decentralized node group '" + group + "'" + Obj.choices(group, groups, "known"));
                }
            }
            double rate = a.number("cheat_rate", strategy.equals("rational") ? 0.5 : 0.2, 0, 1);
            double learning = a.number("learning_rate", 0.1, 0, 1);
            double saved = a.number("saved_share", defaultSavedShare(strategy), 0, 1);
            a.finish();
            total += share;
            adversaries.add(new Adversary(strategy, share, group, rate, learning, saved));
        }
        if (total > 1 + 1e-9) {
            throw root.error("adversaries", "adversary shares add up to " + Units.plain(total) + "; accepted: at most 1 of the nodes");
        }
        return adversaries;
    }
}
