package io.dime.sim.market;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One job market (one GPU class): a FIFO queue that holds either jobs waiting for a node or
 * idle nodes waiting for a job, never both. A job arriving takes the first queued node, or
 * queues; a node freeing up takes the first queued job, or queues (Nosana's market program:
 * github nosana-ci/nosana-programs, nosana-jobs, MarketAccount with queue_type Job, Node or
 * Empty; list.rs pops a node or adds the job; NETWORKS.md). Every change checks the rule.
 *
 * @param <J> what a job is to the caller
 */
public final class JobMarket<J> {
    /** What waits in the queue: a job or an idle node. */
    public sealed interface Waiting<J> permits WaitingJob, IdleNode {
    }

    public record WaitingJob<J>(J job) implements Waiting<J> {
    }

    public record IdleNode<J>(int node) implements Waiting<J> {
    }

    private final String name;
    private final double pricePerSecondUsd;
    private final double timeoutSeconds;
    private final int nodeCount;
    private final ArrayDeque<Waiting<J>> queue = new ArrayDeque<>();
    private int waitingJobs;
    private int idleNodes;

    public JobMarket(String name, double pricePerSecondUsd, double timeoutSeconds, int nodeCount) {
        this.name = name;
        this.pricePerSecondUsd = pricePerSecondUsd;
        this.timeoutSeconds = timeoutSeconds;
        this.nodeCount = nodeCount;
    }

    /** A job arrives: it takes the first idle node, returned, or joins the queue (−1). */
    public int arrive(J job) {
        int node = -1;
        if (idleNodes > 0) {
            if (queue.pollFirst() instanceof IdleNode<J> idle) {
                node = idle.node();
                idleNodes--;
            }
        } else {
            queue.addLast(new WaitingJob<>(job));
            waitingJobs++;
        }
        checkOneKind();
        return node;
    }

    /** A node is free: it takes the first waiting job, returned, or joins the queue (null). */
    public J nodeFree(int node) {
        J job = null;
        if (waitingJobs > 0) {
            if (queue.pollFirst() instanceof WaitingJob<J> waiting) {
                job = waiting.job();
                waitingJobs--;
            }
        } else {
            queue.addLast(new IdleNode<>(node));
            idleNodes++;
        }
        checkOneKind();
        return job;
    }

    /** Takes a waiting job out of the queue (its user withdrew it); whether it was there. */
    public boolean withdrawJob(J job) {
        boolean removed = queue.remove(new WaitingJob<>(job));
        if (removed) {
            waitingJobs--;
        }
        checkOneKind();
        return removed;
    }

    /** Takes an idle node out of the queue (it went down); whether it was there. */
    public boolean withdrawNode(int node) {
        boolean removed = queue.remove(new IdleNode<J>(node));
        if (removed) {
            idleNodes--;
        }
        checkOneKind();
        return removed;
    }

    /** The rule of the queue: jobs or nodes, never both; the counts match what it holds. */
    private void checkOneKind() {
        if ((waitingJobs > 0 && idleNodes > 0) || waitingJobs + idleNodes != queue.size()) {
            throw new IllegalStateException("job market '" + name + "': its queue holds " + waitingJobs + " jobs and " + idleNodes
                    + " idle nodes (" + queue.size() + " entries); it must hold one kind only");
        }
    }

    /** What waits, first in line first. */
    public List<Waiting<J>> queue() {
        return new ArrayList<>(queue);
    }

    public String name() {
        return name;
    }

    public double pricePerSecondUsd() {
        return pricePerSecondUsd;
    }

    public double timeoutSeconds() {
        return timeoutSeconds;
    }

    /** What a job pays into escrow when listed: price × timeout. */
    public double depositUsd() {
        return pricePerSecondUsd * timeoutSeconds;
    }

    /** What a node that held a job for {@code runtimeSeconds} is paid: price × min(runtime, timeout). */
    public double payUsd(double runtimeSeconds) {
        return pricePerSecondUsd * Math.min(Math.max(0, runtimeSeconds), timeoutSeconds);
    }

    public int nodeCount() {
        return nodeCount;
    }

    public int waitingJobs() {
        return waitingJobs;
    }

    public int idleNodes() {
        return idleNodes;
    }
}
