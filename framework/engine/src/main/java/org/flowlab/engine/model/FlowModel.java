package org.flowlab.engine.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.engine.execution.PlannedFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A built flow plus its objective, ready to execute: bits/dim, data-dependent initialisation,
 * encode/decode, sampling at a temperature. Inputs are dequantised images x̃ in [−0.5, 0.5).
 *
 * <p>bits/dim = (−log p(x̃) + D·log n_bins) / (D·ln 2) with log p(x̃) = log p(z) + Σ log|det J|
 * and D = C·H·W (DESIGN.md). With a learned dequantisation q(u|x) it is the variational bound
 * (−log p(x̃) + log q(u|x) + D·log n_bins) / (D·ln 2) for the u drawn (Flow++); uniform u has log q = 0.
 *
 * <p>A class-conditional model computes −log p(x|y) the same way, from the labels fed with each batch; with a
 * class weight w its loss adds Glow's classification term w·CE(y | top latent)/ln 2 to the mean bits/dim.
 */
public final class FlowModel {

    private final MultiScaleFlow flow;
    private final double bins;
    private final SDVariable bitsPerDim;
    private final SDVariable meanBitsPerDim;
    private final SDVariable loss;
    /** Evaluation and sampling batches run through compiled plans (PlannedFunction); decoding's graph is built lazily. */
    private final PlannedFunction evaluation;
    private PlannedFunction decoding;

    public FlowModel(MultiScaleFlow flow, double bins) {
        this(flow, bins, 0);
    }

    /** @param classWeight weight of Glow's classification loss (a class-conditional model only; 0: none) */
    public FlowModel(MultiScaleFlow flow, double bins, double classWeight) {
        this.flow = flow;
        this.bins = bins;
        double dims = flow.inputShape().dims();
        SDVariable logLikelihood = flow.logPrior().add(flow.logDet());
        if (flow.logDequantization().isPresent()) {
            logLikelihood = logLikelihood.sub(flow.logDequantization().get());
        }
        this.bitsPerDim = logLikelihood.neg().add(dims * Math.log(bins)).div(dims * Math.log(2)).rename("bits_per_dim");
        this.meanBitsPerDim = bitsPerDim.mean();
        if (classWeight > 0) {
            if (flow.labels().isEmpty()) {
                throw new IllegalArgumentException("train.classWeight needs model.conditioning: class");
            }
            SDVariable classBits = new TopLatentClassifier(flow).crossEntropy().mean().div(Math.log(2));
            this.loss = meanBitsPerDim.add(classBits.mul(classWeight)).rename("loss");
        } else {
            this.loss = meanBitsPerDim.rename("loss");
        }
        flow.graph().sd().setLossVariables(loss.name());
        this.evaluation = new PlannedFunction("evaluation", flow.graph().sd(), bitsPerDim.name());
    }

    public MultiScaleFlow flow() {
        return flow;
    }

    public ModelGraph graph() {
        return flow.graph();
    }

    public double bins() {
        return bins;
    }

    public SDVariable loss() {
        return loss;
    }

    /** Mean bits/dim of the batch: the loss itself unless a classification term is added to it. */
    public SDVariable meanBitsPerDim() {
        return meanBitsPerDim;
    }

    public boolean classConditional() {
        return flow.labels().isPresent();
    }

    /** How many classes a class-conditional model takes (0 for an unconditional one). */
    public int classes() {
        return flow.labels().map(y -> (int) y.getShape()[1]).orElse(0);
    }

    /** The metric suffix of this model's bits/dim: {@code bpd} for p(x), {@code bpd_given_y} for p(x|y). */
    public String bitsPerDimMetric() {
        return classConditional() ? "bpd_given_y" : "bpd";
    }

    public TensorShape inputShape() {
        return flow.inputShape();
    }

    /** Whether batches need dequantisation noise ε ~ N(0, I) besides the bin corners (a learned q(u|x)). */
    public boolean learnsDequantization() {
        return flow.dequantizationNoise().isPresent();
    }

    public Map<String, INDArray> feedFor(INDArray x, boolean training) {
        return feedFor(ModelInput.of(x), training);
    }

    public Map<String, INDArray> feedFor(ModelInput batch, boolean training) {
        Map<String, INDArray> inputs = new HashMap<>();
        inputs.put(flow.input().name(), batch.x().castTo(graph().dataType()));
        if (flow.dequantizationNoise().isPresent()) {
            if (batch.noise() == null) {
                throw new IllegalArgumentException("this model learns its dequantisation: feed the bin corners with "
                        + "noise ε ~ N(0, I) (Dequantizer.input), not x̃");
            }
            inputs.put(flow.dequantizationNoise().get().name(), batch.noise().castTo(graph().dataType()));
        }
        if (flow.labels().isPresent()) {
            if (batch.labels() == null) {
                throw new IllegalArgumentException("this model is class-conditional: feed the one-hot labels too");
            }
            inputs.put(flow.labels().get().name(), batch.labels().castTo(graph().dataType()));
        }
        return graph().feed(inputs, training);
    }

    /** Per-sample bits/dim in evaluation mode (running statistics, no parameter changes). */
    public INDArray bitsPerDim(INDArray x) {
        return bitsPerDim(ModelInput.of(x));
    }

    /** Per-sample bits/dim (the variational bound with a learned dequantisation) in evaluation mode. */
    public INDArray bitsPerDim(ModelInput batch) {
        return evaluation.output(feedFor(batch, false)).get(bitsPerDim.name());
    }

    /** Per-sample log|det J| and the flattened latents, for the invertibility and Jacobian checks. */
    public INDArray logDet(INDArray x) {
        return graph().sd().output(feedFor(x, false), flow.logDet().name()).get(flow.logDet().name());
    }

    public INDArray latentsFlat(INDArray x) {
        return graph().sd().output(feedFor(x, false), flow.latentsFlat().name()).get(flow.latentsFlat().name());
    }

    /**
     * Sets every data-dependent layer from this batch, in forward order, so each one sees the output
     * of already-initialised layers before it (Glow's data-dependent init). Layers already initialised,
     * e.g. restored from a checkpoint, are left alone.
     */
    public void initializeDataDependentLayers(INDArray x) {
        initializeDataDependentLayers(ModelInput.of(x));
    }

    public void initializeDataDependentLayers(ModelInput batch) {
        for (DataDependentLayer entry : flow.dataDependentLayers()) {
            if (!entry.layer().isInitialized()) {
                INDArray input = graph().sd().output(feedFor(batch, true), entry.inputVariable()).get(entry.inputVariable());
                entry.layer().initializeFrom(input);
            }
        }
    }

    /** Standardised latents ε (splits, then top) of x. */
    public List<INDArray> encode(INDArray x) {
        List<String> names = flow.standardizedLatents().stream().map(SDVariable::name).toList();
        Map<String, INDArray> out = graph().sd().output(feedFor(x, false), names);
        return names.stream().map(out::get).toList();
    }

    public INDArray decode(List<INDArray> standardizedLatents) {
        return decode(standardizedLatents, null);
    }

    /** @param oneHotLabels [N, classes] for a class-conditional model, else null */
    public INDArray decode(List<INDArray> standardizedLatents, INDArray oneHotLabels) {
        Map<String, INDArray> inputs = new HashMap<>();
        if (flow.labels().isPresent()) {
            if (oneHotLabels == null) {
                throw new IllegalArgumentException("this model is class-conditional: sampling needs a class per image");
            }
            inputs.put(flow.labels().get().name(), oneHotLabels.castTo(graph().dataType()));
        }
        List<SDVariable> placeholders = flow.latentInputs();
        for (int i = 0; i < placeholders.size(); i++) {
            inputs.put(placeholders.get(i).name(), standardizedLatents.get(i).castTo(graph().dataType()));
        }
        String out = flow.decoded().name();
        if (decoding == null) {
            decoding = new PlannedFunction("sampling", graph().sd(), out);
        }
        return decoding.output(graph().feed(inputs, false)).get(out);
    }

    /** How decoding (sampling, reconstruction) executes: a compiled plan, or SameDiff's session and why. */
    public String decodingExecution() {
        return decoding == null ? "not run yet" : decoding.execution();
    }

    /** {@code count} samples at temperature T: every latent drawn as mean + std·T·ε. */
    public INDArray sample(int count, double temperature, long seed) {
        // A class-conditional model without chosen classes: every class in turn.
        int[] classes = new int[count];
        for (int i = 0; i < count; i++) {
            classes[i] = i % Math.max(1, classes());
        }
        return sample(count, temperature, seed, classes);
    }

    /** Samples of the given classes (one per image; ignored by an unconditional model). */
    public INDArray sample(int count, double temperature, long seed, int[] imageClasses) {
        java.util.Random random = new java.util.Random(seed);
        List<INDArray> eps = new ArrayList<>();
        for (SDVariable placeholder : flow.latentInputs()) {
            long[] shape = placeholder.getShape().clone();
            shape[0] = count;
            eps.add(Noise.gaussian(random, graph().dataType(), shape).muli(temperature));
        }
        return decode(eps, classConditional() ? Labels.oneHot(imageClasses, classes()) : null);
    }

    public INDArray reconstruct(INDArray x) {
        return decode(encode(x));
    }

    public long parameterCount() {
        return graph().parameterCount();
    }
}
