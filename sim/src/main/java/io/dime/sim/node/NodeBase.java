package io.dime.sim.node;

import io.dime.sim.kernel.Simulation;

/** What every node type shares: its index and group, its simulation, whom it tells of completions, and whether it is up. */
abstract class NodeBase {
    protected final int index;
    protected final int group;
    protected final Simulation sim;
    protected final Node.Listener listener;
    protected boolean up = true;

    NodeBase(int index, int group, Simulation sim, Node.Listener listener) {
        this.index = index;
        this.group = group;
        this.sim = sim;
        this.listener = listener;
    }

    public int index() {
        return index;
    }

    public int group() {
        return group;
    }

    public boolean isUp() {
        return up;
    }

    public void comeUp() {
        up = true;
    }
}
