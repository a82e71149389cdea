package io.dime.sim.workload;

/**
 * One inference request. Times are simulated seconds, NaN until the moment happens; node
 * times ({@code firstTokenTime}, {@code endTime}) are when the node emits the token, and the
 * client sees them {@code downlinkSeconds} later. {@code measured} is false for requests that
 * arrived during the warm-up.
 *
 * <p>Its lengths, class, region and arrival are public and final. What happens to it is private
 * and written through named methods by the part that owns it: the serving node writes the
 * timeline (started, first token, last token, longest gap, end, GPU time); the lifecycle writes
 * where it is and what it costs (node, attempts, arrival at the node, downlink, price, payment,
 * its timeout, finished); the verifier writes whether it was cheated on and its vote. A batching
 * node's scheduler keeps its own state of the request (prefill progress, tokens generated, KV
 * blocks) in a slot of its own, which nothing else reads.
 */
public final class Request {
    public final long id;
    public final int requestClass;
    public final double arrivalTime;
    public final int promptTokens;
    public final int outputTokens;
    public final boolean measured;
    public final int clientRegion;

    // The timeline the serving node writes, through the methods below.
    private double startTime = Double.NaN;
    private double firstTokenTime = Double.NaN;
    private double endTime = Double.NaN;
    /** When the node emitted the latest token, and the longest wait between two of its tokens. */
    private double lastTokenTime = Double.NaN;
    private double maxTokenGapSeconds;
    /** GPU-seconds this request used: each step's time shared equally by the batch. */
    private double gpuSeconds;
    // Where the request is and what it costs: written by the request's lifecycle (routing, the
    // network, the market) through the methods below.
    private double nodeArrivalTime = Double.NaN;
    private double downlinkSeconds;
    /** What the user pays per 1M tokens, in the market's currency, fixed when the request is routed. */
    private double pricePerMTok;
    /** What the user paid in USD, once a node returned the result. */
    private double paidUsd;
    private int node = -1;
    private int attempts;
    /** Nodes that refused or lost this request; retries go elsewhere while others are left. */
    private int[] triedNodes;
    private int triedCount;
    private long timeoutHandle = -1;
    private long serviceHandle = -1;
    private boolean finished;

    /** Told when a shadow request completes, or is lost (then with endTime NaN); null for a user's request. */
    private final java.util.function.Consumer<Request> onShadowEnd;
    /** Whether the node that served it returned a wrong result on purpose (the verifier decides and records it). */
    private boolean cheated;
    /** The verification in progress for this request (a vote), if any: the verifier's, opaque to the rest. */
    private Object verification;

    public Request(long id, int requestClass, double arrivalTime, int promptTokens, int outputTokens, boolean measured, int clientRegion) {
        this(id, requestClass, arrivalTime, promptTokens, outputTokens, measured, clientRegion, null);
    }

    private Request(long id, int requestClass, double arrivalTime, int promptTokens, int outputTokens, boolean measured, int clientRegion,
                    java.util.function.Consumer<Request> onShadowEnd) {
        this.id = id;
        this.requestClass = requestClass;
        this.arrivalTime = arrivalTime;
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
        this.measured = measured;
        this.clientRegion = clientRegion;
        this.onShadowEnd = onShadowEnd;
    }

    /**
     * Verification work (a re-computation, a replica), not a user's request: metrics skip it, and
     * {@code onEnd} is told when it completes or is lost (then with endTime NaN).
     */
    public static Request shadow(long id, double arrivalTime, int promptTokens, int outputTokens, int clientRegion,
                                 java.util.function.Consumer<Request> onEnd) {
        return new Request(id, 0, arrivalTime, promptTokens, outputTokens, false, clientRegion, java.util.Objects.requireNonNull(onEnd));
    }

    public boolean isShadow() {
        return onShadowEnd != null;
    }

    /** Tells the shadow request's owner that it ended (completed, or lost with endTime NaN). */
    public void shadowEnded() {
        onShadowEnd.accept(this);
    }

    public boolean cheated() {
        return cheated;
    }

    /** The verifier's record of whether the serving node cheated on this request. */
    public void recordCheat(boolean cheated) {
        this.cheated = cheated;
    }

    public Object verification() {
        return verification;
    }

    public void attachVerification(Object verification) {
        this.verification = verification;
    }

    /** When a node began serving it (NaN until then, and again after {@link #resetServing}). */
    public double startTime() {
        return startTime;
    }

    /** When the node emitted its first token: the end of its prefill. */
    public double firstTokenTime() {
        return firstTokenTime;
    }

    /** When the node emitted its last token; NaN while unfinished, or when it was lost. */
    public double endTime() {
        return endTime;
    }

    public double lastTokenTime() {
        return lastTokenTime;
    }

    public double maxTokenGapSeconds() {
        return maxTokenGapSeconds;
    }

    public double gpuSeconds() {
        return gpuSeconds;
    }

    /** The node began serving it at {@code time}. */
    public void started(double time) {
        startTime = time;
    }

    public void firstTokenAt(double time) {
        firstTokenTime = time;
    }

    public void lastTokenAt(double time) {
        lastTokenTime = time;
    }

    /** A wait of {@code gapSeconds} between two of its tokens: kept when it is the longest so far. */
    public void noteTokenGap(double gapSeconds) {
        if (gapSeconds > maxTokenGapSeconds) {
            maxTokenGapSeconds = gapSeconds;
        }
    }

    /** It ended at {@code time} (its last token), or was lost ({@code NaN}). */
    public void ended(double time) {
        endTime = time;
    }

    /** The GPU time it has used in all, as the node serving it counted it. */
    public void servedGpuSeconds(double total) {
        gpuSeconds = total;
    }

    /** Its share of a step's GPU time, or a whole service's. */
    public void addGpuSeconds(double seconds) {
        gpuSeconds += seconds;
    }

    /** The node serving it, or -1 before it is routed (and after it was lost, until it is routed again). */
    public int node() {
        return node;
    }

    public void assignTo(int nodeIndex) {
        node = nodeIndex;
    }

    /** Times it was sent again after a node refused or lost it. */
    public int attempts() {
        return attempts;
    }

    public void countAttempt() {
        attempts++;
    }

    public double nodeArrivalTime() {
        return nodeArrivalTime;
    }

    public void arrivedAtNode(double time) {
        nodeArrivalTime = time;
    }

    /** The result's way back to the client, seconds: what the client sees is the node's times plus this. */
    public double downlinkSeconds() {
        return downlinkSeconds;
    }

    public void setDownlinkSeconds(double seconds) {
        downlinkSeconds = seconds;
    }

    public double pricePerMTok() {
        return pricePerMTok;
    }

    public void setPricePerMTok(double price) {
        pricePerMTok = price;
    }

    public double paidUsd() {
        return paidUsd;
    }

    public void setPaidUsd(double usd) {
        paidUsd = usd;
    }

    /** The event that ends it if it is still unanswered by its class's timeout; -1 when none is pending. */
    public long timeoutHandle() {
        return timeoutHandle;
    }

    public void setTimeoutHandle(long handle) {
        timeoutHandle = handle;
    }

    /** A fixed-slot node's event for the end of its service; -1 when none. */
    public long serviceHandle() {
        return serviceHandle;
    }

    public void setServiceHandle(long handle) {
        serviceHandle = handle;
    }

    /** Whether it has ended for good: completed, failed, dropped or lost verification work. */
    public boolean finished() {
        return finished;
    }

    public void finish() {
        finished = true;
    }

    public int totalTokens() {
        return promptTokens + outputTokens;
    }

    public void rememberTried(int nodeIndex) {
        if (triedNodes == null) {
            triedNodes = new int[4];
        } else if (triedCount == triedNodes.length) {
            triedNodes = java.util.Arrays.copyOf(triedNodes, triedCount * 2);
        }
        triedNodes[triedCount++] = nodeIndex;
    }

    public boolean hasTried(int nodeIndex) {
        for (int i = 0; i < triedCount; i++) {
            if (triedNodes[i] == nodeIndex) {
                return true;
            }
        }
        return false;
    }

    /** Lets every node be tried again (when all of them have been). */
    public void forgetTried() {
        triedCount = 0;
    }

    /** Forgets the serving state, before the request is retried on another node. */
    public void resetServing() {
        startTime = Double.NaN;
        node = -1;
    }
}
