package org.flowlab.runner.run;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowlab.runner.store.TrialOutcome;
import org.flowlab.runner.sweep.PlannedTrial;

/**
 * Progress on the console. On a terminal: one status line redrawn in place (at most 5 times a second) with
 * a bar for the sweep and, per running trial, its steps, current train bits/dim and ETA; finished and failed
 * trials are printed above it. Not on a terminal (a pipe, a CI log): only one line per trial start and end.
 */
public final class ConsoleProgress implements SweepProgress {

    private static final long REDRAW_MILLIS = 200;

    private final PrintStream out;
    private final boolean terminal;
    private final int width;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private int total;
    private int started;
    private int done;
    private int failed;
    private long sweepStart;
    private double trialSecondsSum;
    private int parallel = 1;
    private long lastDraw;
    private boolean lineShown;

    private static final class Running {
        final PlannedTrial trial;
        final long started = System.nanoTime();
        long totalSteps;
        long step;
        double bpd = Double.NaN;
        long firstStepNanos;

        Running(PlannedTrial trial) {
            this.trial = trial;
        }
    }

    public ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.width = terminalWidth();
    }

    /** Interactive when the JVM has a console (stdout and stdin are a terminal). */
    public static ConsoleProgress forStdout(PrintStream out) {
        return new ConsoleProgress(out, System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }

    @Override
    public synchronized void sweepStarted(int toRun, int parallel) {
        this.total = toRun;
        this.parallel = Math.max(1, parallel);
        this.sweepStart = System.nanoTime();
    }

    @Override
    public synchronized void trialStarted(PlannedTrial trial, int attempt) {
        running.put(trial.trialId(), new Running(trial));
        started++;
        if (!terminal) {
            out.println("[" + started + "/" + total + "] " + trial.runName() + " started"
                    + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
        }
        redraw(true);
    }

    @Override
    public synchronized void trialSteps(PlannedTrial trial, long totalSteps) {
        Running r = running.get(trial.trialId());
        if (r != null) {
            r.totalSteps = totalSteps;
        }
    }

    @Override
    public synchronized void trialStep(PlannedTrial trial, long step, double trainBpd) {
        Running r = running.get(trial.trialId());
        if (r == null) {
            return;
        }
        if (r.step == 0) {
            r.firstStepNanos = System.nanoTime(); // the first step includes data loading and graph building
        }
        r.step = step;
        r.bpd = trainBpd;
        redraw(false);
    }

    @Override
    public synchronized void trialFinished(PlannedTrial trial, TrialOutcome outcome) {
        Running r = running.remove(trial.trialId());
        done++;
        trialSecondsSum += r == null ? outcome.seconds() : (System.nanoTime() - r.started) / 1e9;
        printAbove(prefix() + trial.runName() + " finished: test bpd " + String.format("%.4f", outcome.finalTestBpd())
                + ", " + Durations.format(outcome.seconds()));
    }

    @Override
    public synchronized void trialFailed(PlannedTrial trial, String reason) {
        Running r = running.remove(trial.trialId());
        done++;
        failed++;
        if (r != null) {
            trialSecondsSum += (System.nanoTime() - r.started) / 1e9;
        }
        printAbove(prefix() + trial.runName() + " FAILED: " + reason);
    }

    @Override
    public synchronized void sweepFinished() {
        if (terminal && lineShown) {
            out.print("\r\033[K");
            out.flush();
            lineShown = false;
        }
    }

    /** Counts finished and failed trials: "[3/12] x finished" means 3 of 12 are done. */
    private String prefix() {
        return "[" + done + "/" + total + "] ";
    }

    private void printAbove(String line) {
        if (terminal) {
            out.print("\r\033[K");
            out.println(line);
            lineShown = false;
            redraw(true);
        } else {
            out.println(line);
        }
    }

    private void redraw(boolean force) {
        if (!terminal) {
            return;
        }
        long now = System.currentTimeMillis();
        if (!force && now - lastDraw < REDRAW_MILLIS) {
            return;
        }
        lastDraw = now;
        StringBuilder line = new StringBuilder();
        line.append("sweep ").append(bar(done, total, 12)).append(' ').append(done).append('/').append(total);
        if (failed > 0) {
            line.append(" (").append(failed).append(" failed)");
        }
        sweepEta().ifPresent(eta -> line.append(" ETA ").append(eta));
        for (Running r : running.values()) {
            line.append(" | ").append(r.trial.runName()).append(' ');
            if (r.totalSteps > 0) {
                line.append(bar(r.step, r.totalSteps, 10)).append(' ').append(r.step).append('/').append(r.totalSteps);
            } else {
                line.append("starting");
            }
            if (!Double.isNaN(r.bpd)) {
                line.append(String.format(" bpd %.3f", r.bpd));
            }
            trialEta(r).ifPresent(eta -> line.append(" ETA ").append(eta));
        }
        String text = line.length() > width - 1 ? line.substring(0, width - 2) + "…" : line.toString();
        out.print("\r\033[K" + text);
        out.flush();
        lineShown = true;
    }

    private java.util.Optional<String> trialEta(Running r) {
        if (r.step < 2 || r.totalSteps == 0) {
            return java.util.Optional.empty();
        }
        double perStep = (System.nanoTime() - r.firstStepNanos) / 1e9 / (r.step - 1);
        return java.util.Optional.of(Durations.format(perStep * (r.totalSteps - r.step)));
    }

    private java.util.Optional<String> sweepEta() {
        if (done == 0) {
            return java.util.Optional.empty();
        }
        double perTrial = trialSecondsSum / done;
        int remaining = total - done;
        return java.util.Optional.of(Durations.format(perTrial * Math.ceil((double) remaining / parallel)));
    }

    static String bar(long value, long max, int cells) {
        int filled = max <= 0 ? 0 : (int) Math.min(cells, value * cells / max);
        return "[" + "#".repeat(filled) + ".".repeat(cells - filled) + "]";
    }

    private static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120"));
            return Math.max(40, columns);
        } catch (NumberFormatException e) {
            return 120;
        }
    }
}
