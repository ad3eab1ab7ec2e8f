package org.flowlab.launcher.spark;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.flowlab.runner.launch.LaunchedTrial;
import org.flowlab.runner.run.SweepProgress;

/**
 * Spark's own record of where each trial ran, from the driver's listener bus: which executor took each task
 * (printed as the trial starts, and kept for {@link #ranOn()}), retries after a lost executor, lost executors.
 * Each trial is its own job, tagged with {@link #TRIAL_PROPERTY}.
 */
final class TaskWatcher extends SparkListener {

    static final String TRIAL_PROPERTY = "flowlab.trialId";

    private final Map<String, LaunchedTrial> trials;
    private final SweepProgress progress;
    private final PrintStream out;
    private final Map<Integer, String> trialOfStage = new ConcurrentHashMap<>();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Map<String, String> finishedOn = new ConcurrentHashMap<>();
    private final List<String> log = new CopyOnWriteArrayList<>();

    private final Map<String, Integer> attempts;

    /** @param attempts trial id → the attempt number the driver's store will give this run of it */
    TaskWatcher(Map<String, LaunchedTrial> trials, Map<String, Integer> attempts, SweepProgress progress,
                PrintStream out) {
        this.trials = trials;
        this.attempts = attempts;
        this.progress = progress;
        this.out = out;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
        String trialId = job.properties() == null ? null : job.properties().getProperty(TRIAL_PROPERTY);
        if (trialId != null) {
            scala.jdk.javaapi.CollectionConverters.asJava(job.stageIds())
                    .forEach(stage -> trialOfStage.put((Integer) stage, trialId));
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart task) {
        LaunchedTrial trial = trial(task.stageId());
        if (trial == null) {
            return;
        }
        String where = "executor " + task.taskInfo().executorId() + " on " + task.taskInfo().host();
        log.add(trial.trial().trialId() + " started on " + where);
        if (started.add(trial.trial().trialId())) {
            progress.trialStarted(trial.trial(), attempts.getOrDefault(trial.trial().trialId(), 1));
            out.println("  " + trial.trial().runName() + " → " + where);
        } else {
            out.println("  " + trial.trial().runName() + " retried → " + where);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd task) {
        LaunchedTrial trial = trial(task.stageId());
        if (trial == null) {
            return;
        }
        String reason = task.reason().toString();
        log.add(trial.trial().trialId() + " ended on executor " + task.taskInfo().executorId() + ": " + reason);
        if (task.taskInfo().successful()) {
            finishedOn.put(trial.trial().trialId(), task.taskInfo().executorId());
        } else {
            out.println("  " + trial.trial().runName() + " lost on executor " + task.taskInfo().executorId()
                    + " (" + firstLine(reason) + "); Spark runs it again elsewhere");
        }
    }

    /** Heartbeats: the running tasks' step counters, as the executor last saw them. */
    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (var taskUpdate : scala.jdk.javaapi.CollectionConverters.asJava(update.accumUpdates())) {
            LaunchedTrial trial = trial((Integer) taskUpdate._2());
            if (trial == null) {
                continue;
            }
            long total = -1;
            long step = -1;
            double bpd = Double.NaN;
            for (AccumulableInfo info : scala.jdk.javaapi.CollectionConverters.asJava(taskUpdate._4())) {
                String name = info.name().isDefined() ? info.name().get() : "";
                Object value = info.update().isDefined() ? info.update().get() : null;
                if (!name.startsWith(StepCounters.PREFIX) || !(value instanceof Number number)) {
                    continue;
                }
                if (name.startsWith(StepCounters.PREFIX + "total.")) {
                    total = number.longValue();
                } else if (name.startsWith(StepCounters.PREFIX + "step.")) {
                    step = number.longValue();
                } else if (name.startsWith(StepCounters.PREFIX + "bpd.")) {
                    bpd = number.doubleValue();
                }
            }
            if (total > 0) {
                progress.trialSteps(trial.trial(), total);
            }
            if (step > 0) {
                progress.trialStep(trial.trial(), step, bpd);
            }
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        out.println("  executor " + removed.executorId() + " lost: " + firstLine(removed.reason()));
    }

    /** Trial id → the executor whose task completed it. */
    Map<String, String> ranOn() {
        return Map.copyOf(finishedOn);
    }

    List<String> log() {
        return List.copyOf(log);
    }

    private LaunchedTrial trial(int stageId) {
        String trialId = trialOfStage.get(stageId);
        return trialId == null ? null : trials.get(trialId);
    }

    private static String firstLine(String text) {
        int newline = text == null ? -1 : text.indexOf('\n');
        return newline < 0 ? String.valueOf(text) : text.substring(0, newline);
    }
}
