package org.flowlab.launcher.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.flowlab.api.config.DataConfig;
import org.flowlab.data.DataDirectory;
import org.flowlab.runner.launch.LaunchContext;
import org.flowlab.runner.launch.LaunchException;
import org.flowlab.runner.launch.LaunchSettings;
import org.flowlab.runner.launch.LaunchedTrial;
import org.flowlab.runner.launch.Launcher;
import org.flowlab.runner.run.DataPreflight;
import org.flowlab.runner.store.StoreJson;
import org.flowlab.runner.sweep.PlannedTrial;
import org.flowlab.runner.sweep.SweepPlan;
import org.flowlab.runner.tracking.WorkerTracking;

/**
 * The driver side of the spark launcher, in {@code flowlab run}'s own process (client mode). Every trial is
 * one Spark job of one task ({@code spark.task.cpus} = the trial's threads), so Spark packs trials onto the
 * workers' cores and retries a task whose executor died on another one. Results come back as each task
 * completes and are written to the driver's store on this thread, one trial at a time.
 */
final class SparkTrialLauncher implements Launcher {

    private static final long POLL_MILLIS = 100;

    private final JavaSparkContext spark;
    private final LaunchSettings settings;
    private final PrintStream out;
    private final int threads;
    private volatile boolean cancelled;
    private TaskWatcher watcher;
    private String shippedData;
    private Path shipFolder;

    private SparkTrialLauncher(JavaSparkContext spark, LaunchSettings settings, PrintStream out, int threads) {
        this.spark = spark;
        this.settings = settings;
        this.out = out;
        this.threads = threads;
    }

    /** Reaches the master and waits, at most {@code connectSeconds}, for a first executor. */
    static SparkTrialLauncher connect(LaunchSettings settings, PrintStream out) {
        String master = settings.master();
        int seconds = settings.connectSeconds() == null ? SparkLauncherPlugin.DEFAULT_CONNECT_SECONDS
                : settings.connectSeconds();
        int threads = settings.threadsOr(1);
        quietSparkLogs();
        SparkConf conf = new SparkConf().setMaster(master).setAppName("flowlab")
                .set("spark.task.cpus", Integer.toString(threads))
                .set("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threads))
                .set("spark.ui.enabled", "false")
                .set("spark.locality.wait", "0s")
                .set("spark.task.maxFailures", "4")
                .set("spark.scheduler.mode", "FAIR")
                // Heartbeats carry the running trials' step counters (StepCounters) to the console.
                .set("spark.executor.heartbeatInterval", "2s");
        if (!settings.conf().containsKey("spark.jars") && !settings.conf().containsKey("spark.executor.extraClassPath")) {
            shipFlowLab(conf); // unless the workers already have FlowLab (launcher.conf names where)
        }
        settings.conf().forEach(conf::set);
        ClusterManagerSetup.prepare(master, conf, threads, System.getenv(), ownLocation());
        List<SparkMasterUrl.HostPort> endpoints = new ArrayList<>(SparkMasterUrl.standalone(master));
        endpoints.addAll(ClusterManagerSetup.endpoints(master, conf));
        if (!endpoints.isEmpty()) {
            requireReachable(master, endpoints, seconds);
        }
        out.println("connecting to Spark master " + master + " (up to " + seconds + " s) ...");
        JavaSparkContext spark;
        try {
            spark = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new LaunchException("cannot start a Spark application on " + master + ": " + causes(e), e);
        }
        SparkTrialLauncher launcher = new SparkTrialLauncher(spark, settings, out, threads);
        if (!SparkMasterUrl.isLocal(master)) {
            launcher.awaitExecutor(seconds);
        }
        out.println("trials run on Spark (" + master + "), " + threads + " core(s) each; executors: "
                + launcher.executors());
        return launcher;
    }

    /** A wrong host or port fails here within the bound, before Spark's own registration retries (minutes). */
    private static void requireReachable(String master, List<SparkMasterUrl.HostPort> masters, int seconds) {
        List<String> failures = new ArrayList<>();
        int timeout = (int) Math.min(TimeUnit.SECONDS.toMillis(seconds), 5_000);
        for (SparkMasterUrl.HostPort hostPort : masters) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort.host(), hostPort.port()), timeout);
                return;
            } catch (IOException e) {
                failures.add(hostPort + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        String what = ClusterManagerSetup.isKubernetes(master) ? "the Kubernetes API server of " + master
                : ClusterManagerSetup.isYarn(master) ? "the YARN ResourceManager (yarn-site.xml: "
                + "yarn.resourcemanager.address)" : "the Spark master " + master;
        String hint = ClusterManagerSetup.isKubernetes(master) ? "Is the URL the one `kubectl cluster-info` shows?"
                : ClusterManagerSetup.isYarn(master) ? "Is HADOOP_CONF_DIR the cluster's configuration folder?"
                : "Is the master running (sbin/start-master.sh) and is the URL the one its log and web page show?";
        throw new LaunchException("cannot reach " + what + " (" + String.join("; ", failures) + "). " + hint);
    }

    private void awaitExecutor(int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (spark.sc().isStopped()) {
                close();
                throw new LaunchException("the Spark master " + settings.master() + " stopped the application (see "
                        + "the master's log); nothing was run");
            }
            if (spark.sc().statusTracker().getExecutorInfos().length > 1) { // the driver counts itself
                return;
            }
            sleep(200);
        }
        close();
        throw new LaunchException("the Spark master " + settings.master() + " started no executor within " + seconds
                + " s: does a worker have " + threads + " free core(s) and " + spark.getConf()
                .get("spark.executor.memory", "1g") + " of memory for an executor? (the master's web page lists them; "
                + "launcher.connectSeconds waits longer)");
    }

    /**
     * Executors need FlowLab's classes: from the runnable jar when the driver runs from one (Spark sends it), else
     * (tests, a development checkout on the same machine) the driver's own class path, read in place.
     */
    private static void shipFlowLab(SparkConf conf) {
        Path self = ownLocation();
        if (self != null && Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
            conf.set("spark.jars", self.toString());
        } else {
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
    }

    /** The jar (or classes folder) this launcher was loaded from; null when the JVM does not say. */
    private static Path ownLocation() {
        try {
            return Path.of(SparkTrialLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Every distinct message down the cause chain: Spark's and its clients' outer messages say little alone. */
    static String causes(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null && messages.size() < 4; t = t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : firstLine(t);
            if (messages.stream().noneMatch(m -> m.contains(text))) {
                messages.add(text);
            }
        }
        return String.join(": ", messages);
    }

    /**
     * Spark logs every step at INFO; the user watches the sweep's own progress. Executors still sending when the
     * driver stops (after a clear error of ours, say) make its RPC handler log stack traces that say nothing to the
     * user. FLOWLAB_DEBUG keeps them all.
     */
    private static void quietSparkLogs() {
        if (System.getenv("FLOWLAB_DEBUG") == null) {
            for (String logger : List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty",
                    "org.apache.spark.util.Utils")) {
                System.setProperty("org.slf4j.simpleLogger.log." + logger, "warn");
            }
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.spark.network.server.TransportRequestHandler", "off");
            // Hadoop's pure-Java code paths are all a flowlab driver uses: the missing native library costs nothing
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader", "error");
        }
    }

    String executors() {
        List<String> list = new ArrayList<>();
        for (var info : spark.sc().statusTracker().getExecutorInfos()) {
            list.add(info.host());
        }
        return list.size() <= 1 ? "this process (" + settings.master() + ")" : (list.size() - 1) + " (" + String.join(", ",
                list.subList(1, list.size())) + ")";
    }

    @Override
    public DataPreflight.Findings dataProblems(SweepPlan plan) {
        if (settings.shipData()) {
            DataPreflight.Findings problems = DataPreflight.check(plan); // shipped from here: must be here
            if (problems.isEmpty()) {
                shippedData = ship(plan);
            }
            return problems;
        }
        return new DataPreflight.Findings(List.of(), List.of()); // each worker checks its own files (TrialOnWorker)
    }

    /** Sends the sweep's data to every executor with Spark's file distribution, as one zip. */
    private String ship(SweepPlan plan) {
        List<String> dirs = plan.trials().stream().map(t -> t.config().data())
                .map(DataConfig::dataDir).distinct().toList();
        if (dirs.size() > 1) {
            throw new LaunchException("--ship-data sends one data folder, but the sweep reads " + dirs.size()
                    + ": " + dirs + "; give dataset.dataDir once, or use a shared folder");
        }
        Path root = DataDirectory.resolve(dirs.get(0)).root();
        List<DataConfig> datasets = plan.trials().stream().map(t -> t.config().data()).distinct().toList();
        try {
            Path zip = Files.createTempDirectory("flowlab-ship-").resolve("flowlab-data-" + spark.sc().applicationId()
                    + ".zip");
            shipFolder = zip.getParent();
            DataShipment.pack(root, datasets, zip);
            spark.sc().addFile(zip.toString());
            out.println("shipping " + root + " to the workers (--ship-data, " + Files.size(zip) / 1024 + " KiB)");
            return zip.getFileName().toString();
        } catch (IOException e) {
            throw new LaunchException("cannot pack " + root + " for --ship-data: " + e.getMessage(), e);
        }
    }

    @Override
    public List<PlannedTrial> execute(List<LaunchedTrial> trials, LaunchContext context) {
        Map<String, LaunchedTrial> byId = new LinkedHashMap<>();
        trials.forEach(t -> byId.put(t.trial().trialId(), t));
        Map<String, Integer> attempts = new LinkedHashMap<>();
        byId.forEach((id, t) -> attempts.put(id, context.store().trial(t.info().experimentName(), id)
                .map(stored -> stored.attempt() + 1).orElse(1)));
        watcher = new TaskWatcher(byId, attempts, context.progress(), out);
        spark.sc().addSparkListener(watcher);
        context.progress().sweepStarted(trials.size(), Math.max(1, totalCores() / threads));
        // With --tracking-uri the workers log their trials live (the server must be reachable from them); the
        // driver completes each run from its store when the trial comes back.
        WorkerTracking tracking = context.tracker().forWorkers().orElse(null);
        if (tracking != null) {
            out.println("the workers log each trial to " + tracking.trackingUri() + " as it runs (it must be reachable "
                    + "from them; whatever does not arrive is sent from here when the trial comes back)");
        }
        Map<LaunchedTrial, JavaFutureAction<List<TrialReturn>>> running = new LinkedHashMap<>();
        List<PlannedTrial> failed = new ArrayList<>();
        try {
            for (LaunchedTrial trial : trials) {
                spark.setLocalProperty(TaskWatcher.TRIAL_PROPERTY, trial.trial().trialId());
                spark.setJobDescription(trial.trial().runName());
                TrialTask task = task(trial, context, attempts.get(trial.trial().trialId()), tracking);
                running.put(trial, spark.parallelize(List.of(task), 1)
                        .map(new TrialOnWorker(StepCounters.register(spark, trial.trial().trialId()))).collectAsync());
            }
            spark.setLocalProperty(TaskWatcher.TRIAL_PROPERTY, null);
            while (!running.isEmpty() && !cancelled) {
                boolean progressed = false;
                for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                    var entry = it.next();
                    if (!entry.getValue().isDone()) {
                        continue;
                    }
                    it.remove();
                    progressed = true;
                    if (!record(entry.getKey(), entry.getValue(), context)) {
                        failed.add(entry.getKey().trial());
                    }
                }
                if (!progressed) {
                    sleep(POLL_MILLIS);
                }
            }
            running.keySet().forEach(t -> failed.add(t.trial())); // cancelled: re-run by the next invocation
            return failed;
        } catch (LaunchException e) {
            spark.cancelAllJobs();
            throw e;
        } finally {
            context.progress().sweepFinished();
        }
    }

    /** Writes one completed job into the store; @return true when the trial finished. */
    private boolean record(LaunchedTrial trial, JavaFutureAction<List<TrialReturn>> job, LaunchContext context) {
        TrialReturn result;
        try {
            result = job.get(0, TimeUnit.SECONDS).get(0);
        } catch (ExecutionException e) {
            String reason = "Spark could not run the trial: " + firstLine(e.getCause() == null ? e : e.getCause());
            TrialReplay.failed(trial, context, reason);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("the sweep was interrupted", e);
        } catch (TimeoutException | java.util.concurrent.CancellationException e) {
            return false;
        }
        if (result.missingData() != null) {
            throw new LaunchException(result.missingData());
        }
        return TrialReplay.write(result, trial, context);
    }

    private TrialTask task(LaunchedTrial trial, LaunchContext context, int attempt, WorkerTracking tracking) {
        var experiment = context.experiment();
        try {
            return new TrialTask(experiment.text(), experiment.source(), experiment.name(), experiment.overrides(),
                    trial.trial().trialId(), StoreJson.MAPPER.writeValueAsString(StoreJson.toJson(context.sweep())),
                    StoreJson.MAPPER.writeValueAsString(StoreJson.toJson(trial.info())),
                    StoreJson.MAPPER.writeValueAsString(context.provenance()), threads, shippedData, attempt, tracking);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int totalCores() {
        int executors = Math.max(1, spark.sc().statusTracker().getExecutorInfos().length - 1);
        return SparkMasterUrl.isLocal(settings.master()) ? spark.defaultParallelism() : executors * threads;
    }

    /** Where each trial's completed task ran (executor ids, Spark's record), for tests and the summary. */
    Map<String, String> ranOn() {
        return watcher == null ? Map.of() : watcher.ranOn();
    }

    List<String> taskLog() {
        return watcher == null ? List.of() : watcher.log();
    }

    @Override
    public void cancel() {
        cancelled = true;
        if (!spark.sc().isStopped()) {
            spark.cancelAllJobs();
        }
    }

    @Override
    public void close() {
        if (!spark.sc().isStopped()) {
            spark.stop();
        }
        if (shipFolder != null) {
            try (var files = Files.list(shipFolder)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
                Files.deleteIfExists(shipFolder);
            } catch (IOException e) {
                // a temporary file left behind; the OS cleans its temp folder
            }
        }
    }

    private static String firstLine(Throwable t) {
        String text = t.getMessage() == null ? t.toString() : t.getMessage();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while waiting for Spark", e);
        }
    }
}
