package org.flowlab.runner.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowlab.runner.run.DataPreflight;
import org.flowlab.runner.run.TrialExecution;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;

/**
 * Today's pool: {@code parallel} daemon threads in this process, each running one trial at a time straight
 * into the run store. Nothing else is loaded, so the default path costs what it always did.
 */
public final class LocalLauncher implements Launcher {

    private volatile ExecutorService pool;

    @Override
    public DataPreflight.Findings dataProblems(SweepPlan plan) {
        return DataPreflight.check(plan);
    }

    @Override
    public List<PlannedTrial> execute(List<LaunchedTrial> trials, LaunchContext context) {
        int threads = Math.max(1, Math.min(context.parallel(), Math.max(1, trials.size())));
        context.progress().sweepStarted(trials.size(), threads);
        AtomicInteger counter = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "trial-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<PlannedTrial, Future<Boolean>> futures = new LinkedHashMap<>();
        try {
            for (LaunchedTrial launched : trials) {
                futures.put(launched.trial(), pool.submit(() -> new TrialExecution(context.store(),
                        context.trainers().get(), context.tracker(), context.progress(), context.sweep(),
                        launched.trial(), launched.info(), context.provenance()).run()));
            }
            List<PlannedTrial> failed = new ArrayList<>();
            for (Map.Entry<PlannedTrial, Future<Boolean>> entry : futures.entrySet()) {
                try {
                    if (!entry.getValue().get()) {
                        failed.add(entry.getKey());
                    }
                } catch (ExecutionException | CancellationException e) {
                    failed.add(entry.getKey()); // the trial could not even record its failure; the store says RUNNING
                }
            }
            return failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        } finally {
            pool.shutdownNow();
            context.progress().sweepFinished();
        }
    }

    @Override
    public void cancel() {
        ExecutorService running = pool;
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        cancel();
    }
}
