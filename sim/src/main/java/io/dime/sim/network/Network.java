package io.dime.sim.network;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.catalog.Region;
import io.dime.sim.network.NetworkSpec.RegionPair;
import io.dime.sim.input.Dist;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.util.FastMath;

/**
 * Delays between the scenario's regions, indexed 0..n-1 in the scenario's order. Base round
 * trips are computed once; {@link #oneWaySeconds} adds per-message jitter, loss and transfer
 * time. Holds no mutable state, so one instance per replication (or a shared one) is safe;
 * the random generator is the caller's, so the caller decides which named stream pays.
 */
/*
 * Trigonometry, logarithms and square roots go through commons-math3's FastMath, which is pure
 * Java: java.lang.Math may use CPU intrinsics whose last bit differs between machines.
 */
public final class Network {
    /** Mean Earth radius (IUGG), the usual radius for the haversine formula. */
    public static final double EARTH_RADIUS_KM = 6371.0;

    private final NetworkSpec spec;
    private final List<Region> regions;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final double[][] baseRttSeconds;
    private final boolean jitterDraws;
    private final double fixedJitterSeconds;
    private final double logLoss;

    /** The network among {@code regions}, in this order; every {@code rtt} pair must name two of them. */
    public Network(NetworkSpec spec, List<Region> regions) {
        this.spec = spec;
        this.regions = List.copyOf(regions);
        int n = this.regions.size();
        for (int i = 0; i < n; i++) {
            if (indexByName.put(this.regions.get(i).name(), i) != null) {
                throw new IllegalArgumentException("region '" + this.regions.get(i).name() + "' is listed twice");
            }
        }
        baseRttSeconds = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                baseRttSeconds[a][b] = formulaRttSeconds(this.regions.get(a), this.regions.get(b));
            }
        }
        applyMeasuredRtts(spec.rttSecondsByPair());
        // A fixed jitter is a constant, so it costs no draw (and "none" is the fixed value 0).
        jitterDraws = !(spec.jitterSeconds() instanceof Dist.Fixed);
        fixedJitterSeconds = spec.jitterSeconds() instanceof Dist.Fixed fixed ? fixed.value() : 0;
        logLoss = spec.lossProbability() > 0 ? FastMath.log(spec.lossProbability()) : 0;
    }

    /** The network among the scenario's regions, named as in the catalog. */
    public static Network build(NetworkSpec spec, Catalog catalog, List<String> regionNames) {
        List<Region> regions = new ArrayList<>();
        for (String name : regionNames) {
            Region region = catalog.regions().get(name);
            if (region == null) {
                throw new IllegalArgumentException("unknown region '" + name + "'; known: " + String.join(", ", catalog.regions().keySet()));
            }
            regions.add(region);
        }
        return new Network(spec, regions);
    }

    public NetworkSpec spec() {
        return spec;
    }

    public List<Region> regions() {
        return regions;
    }

    public int regionCount() {
        return regions.size();
    }

    /** The index of a region of this network, as used by the delay methods. */
    public int regionIndex(String name) {
        Integer index = indexByName.get(name);
        if (index == null) {
            throw new IllegalArgumentException("region '" + name + "' is not in this network; known: "
                    + String.join(", ", regions.stream().map(Region::name).toList()));
        }
        return index;
    }

    /** Round trip without jitter, loss or payload: the scenario's measured value, else the formula. */
    public double baseRttSeconds(int from, int to) {
        return baseRttSeconds[from][to];
    }

    /**
     * One message from {@code from} to {@code to}: half the base round trip, plus a jitter
     * sample, plus the payload at the access bandwidth, plus one retransmission timeout per
     * loss. Draws from {@code random} only for a jitter distribution that is not fixed (one
     * call to the distribution) and when loss is above 0 (one {@code nextDouble}); with neither,
     * it draws nothing, so adding a plain network does not shift anybody's random numbers.
     */
    public double oneWaySeconds(int from, int to, double payloadBytes, RandomGenerator random) {
        double seconds = baseRttSeconds[from][to] / 2 + transferSeconds(payloadBytes);
        seconds += jitterDraws ? spec.jitterSeconds().sample(random) : fixedJitterSeconds;
        if (logLoss != 0) {
            seconds += lossesBeforeDelivery(random) * spec.retransmitTimeoutSeconds();
        }
        return seconds;
    }

    /** Time to push {@code payloadBytes} through the access link (serialization delay). */
    public double transferSeconds(double payloadBytes) {
        return payloadBytes * 8 / spec.bandwidthBitsPerSecond();
    }

    /** Bytes that {@code tokens} tokens occupy on the wire, at the spec's bytes per token. */
    public double tokenBytes(long tokens) {
        return tokens * spec.bytesPerToken();
    }

    /**
     * Great-circle distance by the haversine formula on a sphere of {@link #EARTH_RADIUS_KM}.
     * The sphere errs by up to about 0.5% against the WGS-84 ellipsoid, well inside what route
     * inflation already approximates.
     */
    public static double greatCircleKm(Region a, Region b) {
        double lat1 = FastMath.toRadians(a.latitude());
        double lat2 = FastMath.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = FastMath.toRadians(b.longitude() - a.longitude());
        double sinLat = FastMath.sin(dLat / 2);
        double sinLon = FastMath.sin(dLon / 2);
        double h = sinLat * sinLat + FastMath.cos(lat1) * FastMath.cos(lat2) * sinLon * sinLon;
        // min(1, h) guards asin against rounding just above 1 for antipodal points.
        return 2 * EARTH_RADIUS_KM * FastMath.asin(FastMath.sqrt(FastMath.min(1.0, h)));
    }

    private double formulaRttSeconds(Region a, Region b) {
        double fibreRouteKm = greatCircleKm(a, b) * spec.routeInflation();
        return spec.baseRttSeconds() + 2 * fibreRouteKm / spec.fiberKmPerMs() * 1e-3;
    }

    private void applyMeasuredRtts(Map<RegionPair, Double> measured) {
        for (Map.Entry<RegionPair, Double> entry : measured.entrySet()) {
            RegionPair pair = entry.getKey();
            Double reverse = measured.get(pair.reversed());
            if (reverse != null && !reverse.equals(entry.getValue())) {
                throw new IllegalArgumentException("round trip between " + pair.from() + " and " + pair.to() + " given twice with different values");
            }
            int a = regionIndex(pair.from());
            int b = regionIndex(pair.to());
            baseRttSeconds[a][b] = entry.getValue();
            baseRttSeconds[b][a] = entry.getValue();
        }
    }

    /**
     * The number of failed transmissions before the one that arrives: geometric on {0, 1, ...}
     * with P(k) = (1 - p) p^k and mean p / (1 - p), drawn by inversion from one uniform:
     * k = floor(ln U / ln p) with U in (0, 1].
     */
    private long lossesBeforeDelivery(RandomGenerator random) {
        double u = 1.0 - random.nextDouble();
        return (long) FastMath.floor(FastMath.log(u) / logLoss);
    }
}
