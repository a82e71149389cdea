package io.dime.sim.market;

import io.dime.sim.scenario.DemandSpec;
import java.util.Map;
import org.apache.commons.math3.util.FastMath;

/**
 * Step eight of an epoch, demand ({@code demand}): the share of potential users who come answers
 * the price they paid, and users defect after SLO misses and return over time.
 */
final class DemandResponse {
    /** Null when demand does not respond. */
    private final DemandSpec demand;
    private double multiplier = 1;
    private double defectedShare;

    DemandResponse(DemandSpec demand) {
        this.demand = demand;
    }

    /** Share of potential users who come, before defection: (price / reference)^(−elasticity). */
    double multiplier() {
        return multiplier;
    }

    double defectedShare() {
        return defectedShare;
    }

    /** Answers the epoch's price per million tokens and its share of misses. */
    void update(EpochTally tally) {
        if (demand == null) {
            return;
        }
        if (tally.tokens() > 0) {
            double pricePerMTok = tally.userUsd() / tally.tokens() * 1e6;
            multiplier = Math.min(demand.maxMultiplier(),
                    FastMath.pow(Math.max(pricePerMTok, 1e-12) / demand.referencePriceUsd(), -demand.elasticity()));
        }
        double missed = tally.completed() == 0 ? 0 : (double) tally.sloMissed() / tally.completed();
        defectedShare += demand.defectRate() * missed * (1 - defectedShare) - demand.returnRate() * defectedShare;
        defectedShare = Math.max(0, Math.min(1, defectedShare));
    }

    void putMetrics(Map<String, Double> m) {
        m.put("demand.multiplier_end", multiplier);
        m.put("demand.defected_share_end", defectedShare);
    }
}
