package org.flowlab.engine.train;

import com.google.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.flowlab.api.config.TrainConfig;
import org.flowlab.api.config.TrialConfig;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.layer.TrainingStatistics;
import org.flowlab.data.DataDirectory;
import org.flowlab.data.DatasetProvider;
import org.flowlab.data.Datasets;
import org.flowlab.data.ImageDataset;
import org.flowlab.data.Split;
import org.flowlab.engine.io.Checkpoint;
import org.flowlab.engine.model.FlowModel;
import org.flowlab.engine.model.FlowModelFactory;
import org.flowlab.engine.model.ModelInput;
import org.flowlab.engine.model.TrainedModel;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains one trial: data → dequantisation → data-dependent init on the first batch → Adam with linear
 * warm-up and optional global-norm clipping → test bits/dim every {@code evalEvery} steps on the first
 * {@code evalImages} test images (a fixed subset: cheap enough to draw a curve), and at the last step on the whole
 * test split, both logged as {@code test/bpd} → checkpoint and sample grids at T = 0.5, 0.7, 1.0 in the output
 * folder.
 * Everything random is drawn from the trial seed.
 */
public final class SameDiffTrialTrainer implements TrialTrainer {

    public static final double[] SAMPLE_TEMPERATURES = {0.5, 0.7, 1.0};
    private static final int SAMPLE_COUNT = 64;
    private static final int CLASS_GRID_COLUMNS = 10;
    private static final double CLASS_GRID_TEMPERATURE = 0.7;

    private final FlowModelFactory factory;
    private OpTimer opTimer;

    @Inject
    public SameDiffTrialTrainer(FlowModelFactory factory) {
        this.factory = factory;
    }

    /** Times every op of the models this trainer builds while {@code timer} is started (flowlab bench --profile). */
    public SameDiffTrialTrainer profileOps(OpTimer timer) {
        this.opTimer = timer;
        return this;
    }

    @Override
    public TrainingResult train(TrialConfig config, Path outputDir, TrainingListener listener) {
        long started = System.nanoTime();
        TrainConfig train = config.train();
        DatasetProvider provider = Datasets.get(config.data().name());
        DataDirectory directory = DataDirectory.resolve(config.data().dataDir());
        ImageDataset trainSplit = limit(provider.load(Split.TRAIN, directory), config.data().trainSize());
        ImageDataset testSplit = limit(provider.load(Split.TEST, directory), config.data().testSize());
        ImageDataset evalSubset = limit(testSplit, train.evalImages());
        TensorShape shape = new TensorShape(trainSplit.channels(), trainSplit.height(), trainSplit.width());

        FlowModel model = new FlowModel(factory.create(config.model(), shape, DataType.FLOAT, config.seed(),
                config.data().bins(), provider.classes()), config.data().bins(), train.classWeight());
        if (opTimer != null) {
            model.graph().sd().addListeners(opTimer);
        }
        Dequantizer dequantizer = Dequantizer.forModel(config.data().nBits(), model);
        Evaluator evaluator = new Evaluator(train.evalBatchSize());
        Random random = new Random(config.seed());
        BatchSampler batches = new BatchSampler(trainSplit.size(), train.batchSize(), random);
        long totalSteps = train.steps() != null ? train.steps() : (long) train.epochs() * batches.batchesPerEpoch();
        listener.onStart(model.parameterCount(), totalSteps);

        // p(x|y) is not p(x): a conditional model logs under its own name, so no chart mixes the two.
        String bpdMetric = model.bitsPerDimMetric();
        Optimization optimization = new Optimization(model, train);
        NativeMemoryGuard memory = new NativeMemoryGuard(NativeMemoryGuard.DEFAULT_HEADROOM_BYTES);
        Deque<Double> recentTrainBpd = new ArrayDeque<>();
        for (long step = 1; step <= totalSteps; step++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("trial interrupted at step " + step);
            }
            long stepStart = System.nanoTime();
            ModelInput x = Evaluator.batch(model, trainSplit, batches.next(), dequantizer, random);
            if (step == 1) {
                model.initializeDataDependentLayers(x);
            }
            StepResult result = optimization.step(x, step);
            if (step == 1) {
                listener.onExecution(optimization.execution());
            }
            memory.afterStep();
            if (opTimer != null) {
                opTimer.stepDone();
            }
            double seconds = (System.nanoTime() - stepStart) / 1e9;
            long now = System.currentTimeMillis();
            listener.onMetric(new MetricPoint("train/" + bpdMetric, step, result.bitsPerDim(), now));
            listener.onMetric(new MetricPoint("lr", step, result.learningRate(), now));
            listener.onMetric(new MetricPoint("grad_norm", step, result.gradientNorm(), now));
            listener.onMetric(new MetricPoint("images_per_sec", step, x.size() / seconds, now));
            recentTrainBpd.addLast(result.bitsPerDim());
            if (recentTrainBpd.size() > Math.max(1, train.evalEvery())) {
                recentTrainBpd.removeFirst();
            }
            if (train.evalEvery() > 0 && step % train.evalEvery() == 0 && step != totalSteps) {
                double testBpd = evaluator.bitsPerDim(model, evalSubset, dequantizer);
                listener.onMetric(new MetricPoint("test/" + bpdMetric, step, testBpd, System.currentTimeMillis()));
            }
        }
        double finalTestBpd = evaluator.bitsPerDim(model, testSplit, dequantizer);
        listener.onMetric(new MetricPoint("test/" + bpdMetric, totalSteps, finalTestBpd, System.currentTimeMillis()));
        double finalTrainBpd = recentTrainBpd.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        try {
            Path checkpoint = outputDir.resolve("checkpoint.zip");
            Checkpoint.save(checkpoint, config, shape, model.graph());
            TrainedModel trained = TrainedModel.of(config, model);
            Map<Double, Path> grids = trained.writeSampleGrids(outputDir, SAMPLE_COUNT, config.seed(), SAMPLE_TEMPERATURES);
            Path classGrid = null;
            if (model.classConditional()) {
                classGrid = outputDir.resolve(TrainedModel.CLASS_GRID);
                trained.writeClassGrid(classGrid, CLASS_GRID_COLUMNS, CLASS_GRID_TEMPERATURE, config.seed());
            }
            return new TrainingResult(finalTestBpd, finalTrainBpd, model.parameterCount(), totalSteps,
                    Duration.ofNanos(System.nanoTime() - started), checkpoint, grids, classGrid);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the results of the trial to " + outputDir, e);
        }
    }

    private static ImageDataset limit(ImageDataset split, Integer size) {
        return size == null || size >= split.size() ? split : split.subset(size);
    }

    /** @param bitsPerDim the batch's mean bits/dim (the loss unless a classification term is added) */
    record StepResult(double loss, double bitsPerDim, double gradientNorm, double learningRate) {
    }

    /** One optimiser step: gradients and loss in one pass, NaN check, clipping, Adam, statistics. */
    static final class Optimization {

        private final FlowModel model;
        private final TrainConfig train;
        private final Adam adam;
        private final LearningRateSchedule schedule;
        private final Map<String, INDArray> parameters = new HashMap<>();
        private final GradientPass gradientPass;

        Optimization(FlowModel model, TrainConfig train) {
            this.model = model;
            this.train = train;
            this.schedule = new LearningRateSchedule(train.lr(), train.warmupSteps());
            model.graph().parameters().forEach((name, variable) -> parameters.put(name, variable.getArr()));
            List<String> outputs = new ArrayList<>();
            outputs.add(model.loss().name());
            if (!model.meanBitsPerDim().name().equals(model.loss().name())) {
                outputs.add(model.meanBitsPerDim().name());
            }
            for (TrainingStatistics layer : model.flow().statisticsLayers()) {
                layer.statisticsOutputs().stream().map(SDVariable::name).forEach(outputs::add);
            }
            this.gradientPass = new GradientPass(model.graph().sd(), outputs, model.graph().parameters().keySet());
            this.adam = new Adam(gradientPass.layout());
        }

        String execution() {
            return gradientPass.execution();
        }

        StepResult step(ModelInput x, long step) {
            GradientPass.Result pass = gradientPass.run(model.feedFor(x, true));
            double loss = pass.outputs().get(model.loss().name()).getDouble(0);
            if (!Double.isFinite(loss)) {
                throw new NonFiniteLossException(step, loss);
            }
            INDArray gradient = pass.flatGradient();
            double norm = gradient.norm2Number().doubleValue();
            if (!Double.isFinite(norm)) {
                throw new NonFiniteLossException(step, norm);
            }
            if (train.gradClip() > 0 && norm > train.gradClip()) {
                gradient.muli(train.gradClip() / norm);
            }
            double lr = schedule.at(step);
            adam.apply(parameters, gradient, lr);
            for (TrainingStatistics layer : model.flow().statisticsLayers()) {
                layer.update(pass.outputs());
            }
            double bitsPerDim = pass.outputs().containsKey(model.meanBitsPerDim().name())
                    ? pass.outputs().get(model.meanBitsPerDim().name()).getDouble(0) : loss;
            return new StepResult(loss, bitsPerDim, norm, lr);
        }
    }
}
