package io.dime.sim.workload;

/**
 * One inference request. Times are simulated seconds, NaN until the moment happens; node
 * times ({@code firstTokenTime}, {@code endTime}) are when the node emits the token, and the
 * client sees them {@code downlinkSeconds} later. {@code measured} is false for requests that
 * arrived during the warm-up.
 *
 * <p>The fields below the constructor are working state of the network and of the node that
 * serves the request; they are public because nodes, routing and metrics all read them on the
 * hot path and a request never leaves one simulation.
 */
public final class Request {
    public final long id;
    public final int requestClass;
    public final double arrivalTime;
    public final int promptTokens;
    public final int outputTokens;
    public final boolean measured;
    public final int clientRegion;

    public double startTime = Double.NaN;
    public double firstTokenTime = Double.NaN;
    public double endTime = Double.NaN;
    /** When the node emitted the latest token, and the longest wait between two of its tokens. */
    public double lastTokenTime = Double.NaN;
    public double maxTokenGapSeconds;
    public double nodeArrivalTime = Double.NaN;
    public double downlinkSeconds;
    /** What the user pays per 1M tokens, in the market's currency, fixed when the request is routed. */
    public double pricePerMTok;
    /** What the user paid in USD, once a node returned the result. */
    public double paidUsd;
    public int node = -1;
    public int attempts;
    /** Nodes that refused or lost this request; retries go elsewhere while others are left. */
    private int[] triedNodes;
    private int triedCount;
    public long timeoutHandle = -1;
    public long serviceHandle = -1;
    public boolean finished;

    // Serving state on a batching node.
    public int prefillTarget;
    public int prefillDone;
    public int generated;
    public int kvBlocks;
    public boolean aborted;
    public boolean justPrefilled;
    public int stepChunk;

    /** GPU-seconds this request used: each step's time shared equally by the batch. */
    public double gpuSeconds;
    /** Verification work (a re-computation, a replica), not a user's request: metrics skip it. */
    public boolean shadow;
    /** Told when a shadow request completes, or is lost (then with endTime NaN). */
    public java.util.function.Consumer<Request> onShadowEnd;
    /** Whether the node that served it returned a wrong result on purpose. */
    public boolean cheated;
    /** The verification in progress for this request (a vote), if any. */
    public Object verification;

    public Request(long id, int requestClass, double arrivalTime, int promptTokens, int outputTokens, boolean measured, int clientRegion) {
        this.id = id;
        this.requestClass = requestClass;
        this.arrivalTime = arrivalTime;
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
        this.measured = measured;
        this.clientRegion = clientRegion;
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
        prefillTarget = 0;
        prefillDone = 0;
        generated = 0;
        kvBlocks = 0;
        aborted = false;
    }
}
