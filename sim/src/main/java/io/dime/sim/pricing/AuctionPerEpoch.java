package io.dime.sim.pricing;

import io.dime.sim.node.Node;
import io.dime.sim.routing.RoutingView;
import io.dime.sim.workload.Request;
import java.util.Arrays;

/**
 * {@code auction-epoch}: a uniform-price auction each epoch. The nodes needed to carry the last
 * epoch's work at {@link #CLEARING_UTILIZATION} are the cheapest asks; everyone is paid the
 * first ask left out (the second-price rule for many units), or the highest ask when all are
 * needed.
 */
final class AuctionPerEpoch implements Pricing {
    /** Per-epoch auctions size the market to carry last epoch's work at this utilization. */
    static final double CLEARING_UTILIZATION = 0.8;

    private final Context context;
    private double clearingPricePerMTok;

    AuctionPerEpoch(Context context) {
        this.context = context;
    }

    @Override
    public double pricePerMTok(RoutingView view, int choice, Request request) {
        return clearingPricePerMTok;
    }

    @Override
    public void start() {
        double epoch = context.epochSeconds();
        double[] lastBusy = {0};
        clearingPricePerMTok = clearingPrice(Integer.MAX_VALUE);
        context.sim().every(epoch, () -> {
            double busy = 0;
            for (Node node : context.nodes()) {
                busy += node.lifetimeBusySeconds();
            }
            int needed = (int) Math.ceil((busy - lastBusy[0]) / epoch / CLEARING_UTILIZATION);
            lastBusy[0] = busy;
            clearingPricePerMTok = clearingPrice(needed);
        });
    }

    private double clearingPrice(int needed) {
        double[] nodeAsk = context.asks();
        double[] asks = context.nodes().stream().filter(Node::isUp).mapToDouble(n -> nodeAsk[n.index()]).sorted().toArray();
        if (asks.length == 0) {
            return nodeAsk.length == 0 ? 0 : Arrays.stream(nodeAsk).max().orElse(0);
        }
        return needed < asks.length ? asks[Math.max(needed, 0)] : asks[asks.length - 1];
    }
}
