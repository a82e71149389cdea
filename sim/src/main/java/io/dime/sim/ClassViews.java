package io.dime.sim;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.network.Network;
import io.dime.sim.node.Node;
import io.dime.sim.pricing.Pricing;
import io.dime.sim.routing.RoutingView;
import io.dime.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the router sees for each request class: one routing view per distinct set of node groups
 * that classes may use; under pricing lease, one per class (a tenant's requests go only to the
 * nodes it leases, none until it has leased one).
 */
final class ClassViews {
    private ClassViews() {
    }

    static RoutingView[] build(Scenario scenario, NodeTable table, Pricing pricing, Pricing.Context context, Network network, Simulation sim) {
        RoutingView[] classView = new RoutingView[scenario.workload().size()];
        Map<List<String>, RoutingView> bySet = new HashMap<>();
        for (int c = 0; c < classView.length; c++) {
            List<String> groups = scenario.workload().get(c).nodeGroups();
            if (scenario.market().leases()) {
                classView[c] = viewOf(groups, scenario, table, pricing, context, network, sim);
                classView[c].admitNone();
            } else {
                classView[c] = bySet.computeIfAbsent(groups, g -> viewOf(g, scenario, table, pricing, context, network, sim));
            }
        }
        return classView;
    }

    private static RoutingView viewOf(List<String> groups, Scenario scenario, NodeTable table, Pricing pricing, Pricing.Context context,
            Network network, Simulation sim) {
        List<Node> candidates = new ArrayList<>();
        for (Node node : table.nodes) {
            if (groups.contains(table.group.get(node.index()).name())) {
                candidates.add(node);
            }
        }
        int[] regions = new int[candidates.size()];
        double[] prices = new double[candidates.size()];
        double[] overheads = new double[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            int index = candidates.get(i).index();
            regions[i] = table.region[index];
            prices[i] = pricing.listedPrice(index, context);
            overheads[i] = table.requestOverheadSeconds[index];
        }
        double[] ttftSlo = scenario.workload().stream().mapToDouble(c -> c.slo().ttftSeconds() * scenario.routing().sloMargin()).toArray();
        return new RoutingView(candidates, regions, prices, table.reputation, overheads, table.inTransit, network,
                scenario.routing().stalenessSeconds(), sim, ttftSlo);
    }
}
