package io.dime.sim.workload;

/**
 * One inference request. Times are simulated seconds; NaN until the moment happens.
 * {@code measured} is false for requests that arrived during the warm-up.
 */
public final class Request {
    public final long id;
    public final int requestClass;
    public final double arrivalTime;
    public final int promptTokens;
    public final int outputTokens;
    public final boolean measured;

    public double startTime = Double.NaN;
    public double firstTokenTime = Double.NaN;
    public double endTime = Double.NaN;
    public int node = -1;

    public Request(long id, int requestClass, double arrivalTime, int promptTokens, int outputTokens, boolean measured) {
        this.id = id;
        this.requestClass = requestClass;
        this.arrivalTime = arrivalTime;
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
        this.measured = measured;
    }

    public int totalTokens() {
        return promptTokens + outputTokens;
    }
}
