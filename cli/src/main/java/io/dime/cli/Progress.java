package io.dime.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar with an ETA, drawn only on a terminal. */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;

    /** Draws only when {@code wanted} and the output is a terminal: a bar in a log file is noise. */
    Progress(PrintWriter out, boolean wanted) {
        this.out = out;
        this.enabled = wanted && System.console() != null;
    }

    synchronized void update(int done, int total) {
        if (!enabled || total == 0) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 200_000_000L) {
            return; // at most five redraws a second
        }
        lastDraw = now;
        double share = (double) done / total;
        int filled = (int) Math.round(share * WIDTH);
        double elapsed = (now - start) / 1e9;
        String eta = done == 0 ? "?" : format(elapsed / done * (total - done));
        out.printf(Locale.ROOT, "\r[%s%s] %d/%d  %3.0f%%  ETA %s   ", "#".repeat(filled), " ".repeat(WIDTH - filled), done, total, share * 100, eta);
        out.flush();
    }

    void done() {
        if (enabled) {
            out.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            out.flush();
        }
    }

    private static String format(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
