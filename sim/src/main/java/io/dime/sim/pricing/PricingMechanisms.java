package io.dime.sim.pricing;

import io.dime.sim.kernel.Registry;
import java.util.function.Function;

/**
 * The registry of pricing mechanisms, by the name {@code market.pricing} uses, in the order the
 * docs list them. Adding one: a class implementing {@link Pricing}, one {@code add} line here,
 * and its row in scenarios/README.md ({@code sim/README.md} has the steps).
 */
public final class PricingMechanisms {
    private static final Registry<Function<Pricing.Context, Pricing>> REGISTRY = Registry.<Function<Pricing.Context, Pricing>>of("pricing")
            .add("posted", Posted::new)
            .add("asks", Asks::new)
            .add("auction-request", AuctionPerRequest::new)
            .add("auction-epoch", AuctionPerEpoch::new)
            .add("lease", TimePriced::new)
            .add("job-market", TimePriced::new)
            .build();

    private PricingMechanisms() {
    }

    public static Registry<Function<Pricing.Context, Pricing>> registry() {
        return REGISTRY;
    }

    /** A new mechanism of {@code name} for one replication. */
    public static Pricing create(String name, Pricing.Context context) {
        return REGISTRY.get(name).apply(context);
    }
}
