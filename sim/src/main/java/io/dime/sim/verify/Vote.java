package io.dime.sim.verify;

import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One redundancy vote: the primary's result and its replicas'. Honest results differ bitwise
 * with the non-determinism probability under exact comparison (a tenth of it for activation
 * hashes, never within a logit tolerance), so honest operators can land in the minority and be
 * wrongly punished. Colluders of one group who hold a majority return the same wrong answer.
 */
final class Vote {
    /** What a participant answered: the right answer, one of many distinct wrong (or bitwise variant) answers, or a colluding group's shared lie. */
    private record Answer(Kind kind, int id) {
        enum Kind { RIGHT, DISTINCT, GROUP_LIE }

        static final Answer RIGHT = new Answer(Kind.RIGHT, 0);
    }

    private final Checks checks;
    private final VerificationSpec.Redundancy settings;
    private final Request primary;
    private final int primaryNode;
    private final List<Request> replicas = new ArrayList<>();
    int pending;
    private boolean primaryReturned;
    private double primaryTime;
    private double operatorUsd;

    Vote(Checks checks, VerificationSpec.Redundancy settings, Request primary, int node) {
        this.settings = settings;
        this.checks = checks;
        this.primary = primary;
        this.primaryNode = node;
    }

    boolean primaryDone(int node, double usd) {
        primaryReturned = true;
        primaryTime = checks.sim.now();
        operatorUsd = usd;
        if (pending == 0) {
            decide();
            return false;
        }
        return true;
    }

    void replicaDone(Request replica) {
        checks.accountShadow(replica, primary.measured);
        pending--;
        if (!Double.isNaN(replica.endTime())) {
            replicas.add(replica);
        }
        if (pending == 0 && primaryReturned) {
            if (primary.measured) {
                checks.tally.addedLatency.record(checks.sim.now() - primaryTime);
            }
            decide();
            checks.host.release(primary);
        }
    }

    private void decide() {
        List<Integer> participants = new ArrayList<>();
        participants.add(primaryNode);
        for (Request replica : replicas) {
            participants.add(replica.node());
        }
        int n = participants.size();
        int majority = n / 2 + 1;
        for (int i = 1; i < n; i++) {
            checks.participations[participants.get(i)]++;
        }
        int winningGroup = colludingMajority(participants, majority);
        Answer[] answer = new Answer[n];
        boolean[] lied = new boolean[n];
        boolean hiddenPrimaryLie = answer(participants, winningGroup, answer, lied);
        if (winningGroup >= 0 && checks.roles[primaryNode] != null && checks.roles[primaryNode].groupId == winningGroup) {
            primary.recordCheat(true);
            if (primary.measured) {
                checks.tally.cheated++;
                checks.tally.epochCheated++;
            }
        }
        Answer accepted = majorityAnswer(answer, majority);
        if (accepted == null) {
            // No majority: an arbiter recomputes and the truth is established.
            checks.host.submitShadow(primaryNode, participants, primary.promptTokens, primary.outputTokens,
                    arbiter -> checks.accountShadow(arbiter, primary.measured));
            accepted = Answer.RIGHT;
        }
        settle(participants, answer, lied, accepted);
        if (primary.cheated() && (!accepted.equals(Answer.RIGHT) || hiddenPrimaryLie)) {
            checks.countUndetected(primary); // the lie won the vote, or passed as the right answer
        }
    }

    /** The colluding group holding a majority of the participants, or -1. */
    private int colludingMajority(List<Integer> participants, int majority) {
        Map<Integer, Integer> colluders = new LinkedHashMap<>();
        for (int node : participants) {
            Role role = checks.roles[node];
            if (role != null && role.colludes()) {
                colluders.merge(role.groupId, 1, Integer::sum);
            }
        }
        int winningGroup = -1;
        for (Map.Entry<Integer, Integer> e : colluders.entrySet()) {
            if (e.getValue() >= majority) {
                winningGroup = e.getKey();
            }
        }
        return winningGroup;
    }

    /** Each participant's answer, and whether it lied; returns whether the primary's lie looked right (embedding distance). */
    private boolean answer(List<Integer> participants, int winningGroup, Answer[] answer, boolean[] lied) {
        double mismatch = switch (settings.comparison()) {
            case "exact" -> settings.nondeterminism();
            case "activation-hash" -> settings.nondeterminism() / 10;
            default -> 0;
        };
        boolean hiddenPrimaryLie = false;
        int distinct = 0;
        for (int i = 0; i < answer.length; i++) {
            Role role = checks.roles[participants.get(i)];
            if (winningGroup >= 0 && role != null && role.colludes() && role.groupId == winningGroup) {
                answer[i] = new Answer(Answer.Kind.GROUP_LIE, winningGroup);
                lied[i] = true;
            } else if (i == 0 && primary.cheated() || i > 0 && role != null && !role.colludes() && checks.random.nextDouble() < role.cheatRate) {
                lied[i] = true;
                // By embedding distance a wrong answer may look like the right one.
                boolean seen = !settings.comparison().equals("embedding") || role == null
                        || checks.random.nextDouble() < checks.detection(role);
                answer[i] = seen ? new Answer(Answer.Kind.DISTINCT, ++distinct) : Answer.RIGHT;
                hiddenPrimaryLie |= i == 0 && !seen;
            } else if (checks.random.nextDouble() < mismatch) {
                answer[i] = new Answer(Answer.Kind.DISTINCT, ++distinct); // honest, but bitwise different
            } else {
                answer[i] = Answer.RIGHT;
            }
        }
        return hiddenPrimaryLie;
    }

    /** The answer a majority gave, or null when none has a majority. */
    private static Answer majorityAnswer(Answer[] answer, int majority) {
        Map<Answer, Integer> counts = new LinkedHashMap<>();
        for (Answer a : answer) {
            counts.merge(a, 1, Integer::sum);
        }
        Answer accepted = null;
        for (Map.Entry<Answer, Integer> e : counts.entrySet()) {
            if (e.getValue() >= majority) {
                accepted = e.getKey();
            }
        }
        return accepted;
    }

    /** Everyone outside the accepted answer is punished: a caught primary, a lying replica, or an honest node outvoted. */
    private void settle(List<Integer> participants, Answer[] answer, boolean[] lied, Answer accepted) {
        for (int i = 0; i < answer.length; i++) {
            if (answer[i].equals(accepted)) {
                continue;
            }
            int node = participants.get(i);
            if (!lied[i]) {
                if (primary.measured) {
                    checks.tally.falseSlashes++; // an honest result outvoted
                }
                checks.punishOnly(node, i == 0 ? operatorUsd : 0);
            } else if (i == 0) {
                checks.caught(primary, node, operatorUsd, checks.sim.now() - primaryTime);
            } else {
                checks.punishOnly(node, 0);
            }
        }
    }
}
