package org.flowlab.engine.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.layer.DataDependentInit;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.Flowed;
import org.flowlab.api.layer.Gaussian;
import org.flowlab.api.layer.LatentPrior;
import org.flowlab.api.layer.LearnedDequantizer;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.layer.TrainingStatistics;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The multi-scale flow of RealNVP/Glow as one SameDiff graph with two directions:
 * <ul>
 *   <li>encode: x → (learned dequantisation) → preprocessing → per level (squeeze, K steps, split) → latents, log|det J|, log p(z),
 *       bits/dim;</li>
 *   <li>decode: standardised latents ε (one per split and the top) → x, used for sampling at a
 *       temperature (feed T·ε) and for reconstruction (feed the ε that encode produced).</li>
 * </ul>
 * Both directions read the same parameters; SameDiff executes only the part a requested output needs.
 *
 * <p>With uniform dequantisation the placeholder {@code x} is x̃ itself, drawn on the JVM (nothing in the graph,
 * as before the family existed). With a learned one, {@code x} is the bin's lower corner x/n_bins − 0.5 and a
 * second placeholder feeds ε ~ N(0, I): x̃ = x + u(ε; x)/n_bins is computed in the graph, with log q(u|x).
 */
public final class MultiScaleFlow {

    private final ModelGraph graph;
    private final ModelConfig config;
    private final TensorShape inputShape;
    private final List<TensorShape> levelShapes;
    private final Optional<LearnedDequantizer> dequantizer;
    private final double bins;
    private final FlowLayer preprocessing;
    private final List<List<FlowStep>> steps;
    private final LatentPrior prior;
    private final Optional<SDVariable> labels;
    private final List<DataDependentLayer> dataDependent = new ArrayList<>();
    private final List<TrainingStatistics> statistics = new ArrayList<>();

    private SDVariable input;
    private SDVariable dequantizationNoise;
    private SDVariable logDequantization;
    private SDVariable logDet;
    private SDVariable logPrior;
    private SDVariable latentsFlat;
    private SDVariable topLatent;
    private final List<SDVariable> standardizedLatents = new ArrayList<>();
    private final List<SDVariable> latentInputs = new ArrayList<>();
    private SDVariable decoded;

    MultiScaleFlow(ModelGraph graph, ModelConfig config, TensorShape inputShape, List<TensorShape> levelShapes,
                   Optional<LearnedDequantizer> dequantizer, double bins, FlowLayer preprocessing,
                   List<List<FlowStep>> steps, LatentPrior prior, Optional<SDVariable> labels) {
        this.graph = graph;
        this.dequantizer = dequantizer;
        this.bins = bins;
        this.config = config;
        this.inputShape = inputShape;
        this.levelShapes = levelShapes;
        this.preprocessing = preprocessing;
        this.steps = steps;
        this.prior = prior;
        this.labels = labels;
        steps.stream().flatMap(List::stream).flatMap(s -> s.layers().stream())
                .filter(TrainingStatistics.class::isInstance).map(TrainingStatistics.class::cast)
                .forEach(statistics::add);
        buildEncode();
        buildDecode();
    }

    private void buildEncode() {
        SameDiff sd = graph.sd();
        input = sd.placeHolder("x", graph.dataType(), -1, inputShape.channels(), inputShape.height(), inputShape.width());
        SDVariable image = input;
        if (dequantizer.isPresent()) {
            dequantizationNoise = sd.placeHolder("dequantization_noise", graph.dataType(), -1, inputShape.channels(),
                    inputShape.height(), inputShape.width());
            LearnedDequantizer.Sample u = dequantizer.get().sample(input, dequantizationNoise);
            image = input.add(u.u().mul(1.0 / bins)).rename("x_dequantized");
            logDequantization = u.logQ();
        }
        Flowed preprocessed = preprocessing.forward(image);
        SDVariable h = preprocessed.value();
        SDVariable totalLogDet = preprocessed.logDet();
        SDVariable totalLogPrior = null;
        List<SDVariable> flatLatents = new ArrayList<>();
        TensorShape shape = inputShape;
        for (int level = 0; level < config.levels(); level++) {
            h = Squeeze.squeeze(h, shape);
            shape = Squeeze.squeezed(shape);
            for (FlowStep step : steps.get(level)) {
                for (FlowLayer layer : step.layers()) {
                    if (layer instanceof DataDependentInit ddi) {
                        dataDependent.add(new DataDependentLayer(ddi, h.name()));
                    }
                    Flowed out = layer.forward(h);
                    h = out.value();
                    totalLogDet = totalLogDet.add(out.logDet());
                }
            }
            if (level < config.levels() - 1) {
                int keep = shape.channels() / 2;
                SDVariable kept = h.get(SDIndex.all(), SDIndex.interval(0, keep), SDIndex.all(), SDIndex.all());
                SDVariable out = h.get(SDIndex.all(), SDIndex.interval(keep, shape.channels()), SDIndex.all(), SDIndex.all());
                Gaussian g = prior.split(level, kept);
                SDVariable eps = GaussianDensity.standardize(out, g);
                totalLogPrior = add(totalLogPrior, GaussianDensity.logProb(eps, g, (long) keep * shape.pixels()));
                standardizedLatents.add(eps);
                flatLatents.add(out.reshape(-1, (long) keep * shape.height() * shape.width()));
                h = kept;
                shape = new TensorShape(keep, shape.height(), shape.width());
            }
        }
        topLatent = h;
        Gaussian top = prior.top();
        SDVariable epsTop = GaussianDensity.standardize(h, top);
        totalLogPrior = add(totalLogPrior, GaussianDensity.logProb(epsTop, top, shape.dims()));
        standardizedLatents.add(epsTop);
        flatLatents.add(h.reshape(-1, shape.dims()));
        // A per-sample vector even when every layer's log-det is a scalar (it is then the same for all samples).
        SDVariable zeroPerSample = input.sum(1, 2, 3).mul(0.0);
        logDet = zeroPerSample.add(totalLogDet);
        logPrior = totalLogPrior;
        latentsFlat = flatLatents.size() == 1 ? flatLatents.get(0) : sd.concat(1, flatLatents.toArray(SDVariable[]::new));
    }

    private void buildDecode() {
        SameDiff sd = graph.sd();
        int levels = config.levels();
        TensorShape top = levelShapes.get(levels - 1);
        SDVariable epsTop = sd.placeHolder("eps_top", graph.dataType(), -1, top.channels(), top.height(), top.width());
        SDVariable h = GaussianDensity.fromStandardized(epsTop, prior.top());
        List<SDVariable> splitInputs = new ArrayList<>();
        for (int level = levels - 1; level >= 0; level--) {
            TensorShape levelShape = levelShapes.get(level);
            if (level < levels - 1) {
                int half = levelShape.channels() / 2;
                SDVariable eps = sd.placeHolder("eps_" + level, graph.dataType(), -1, half,
                        levelShape.height(), levelShape.width());
                splitInputs.add(0, eps);
                SDVariable out = GaussianDensity.fromStandardized(eps, prior.split(level, h));
                h = sd.concat(1, h, out);
            }
            List<FlowStep> levelSteps = steps.get(level);
            for (int s = levelSteps.size() - 1; s >= 0; s--) {
                List<FlowLayer> layers = levelSteps.get(s).layers();
                for (int i = layers.size() - 1; i >= 0; i--) {
                    h = layers.get(i).inverse(h).value();
                }
            }
            TensorShape before = level == 0 ? inputShape : unsqueezedShapeOf(level);
            h = Squeeze.unsqueeze(h, before);
        }
        latentInputs.addAll(splitInputs);
        latentInputs.add(epsTop);
        decoded = preprocessing.inverse(h).value();
    }

    /** The (kept-half) shape entering level {@code level} before its squeeze. */
    private TensorShape unsqueezedShapeOf(int level) {
        TensorShape previous = levelShapes.get(level - 1);
        return new TensorShape(previous.channels() / 2, previous.height(), previous.width());
    }

    private static SDVariable add(SDVariable total, SDVariable term) {
        return total == null ? term : total.add(term);
    }

    public ModelGraph graph() {
        return graph;
    }

    public ModelConfig config() {
        return config;
    }

    public TensorShape inputShape() {
        return inputShape;
    }

    public SDVariable input() {
        return input;
    }

    /** The placeholder of ε ~ N(0, I) for a learned dequantisation; empty with uniform dequantisation. */
    public Optional<SDVariable> dequantizationNoise() {
        return Optional.ofNullable(dequantizationNoise);
    }

    /** log q(u|x) per sample for a learned dequantisation; empty with uniform dequantisation (log q = 0). */
    public Optional<SDVariable> logDequantization() {
        return Optional.ofNullable(logDequantization);
    }

    /** The one-hot label placeholder [N, classes] of a class-conditional model (the top prior depends on it). */
    public Optional<SDVariable> labels() {
        return labels;
    }

    /** z of the top level, before standardisation: what Glow's classification loss reads. */
    public SDVariable topLatent() {
        return topLatent;
    }

    /** Σ log|det J| of the whole flow, per sample. */
    public SDVariable logDet() {
        return logDet;
    }

    /** log p(z) summed over every latent, per sample. */
    public SDVariable logPrior() {
        return logPrior;
    }

    /** Every latent (splits in order, then the top) flattened and concatenated: [N, D]. */
    public SDVariable latentsFlat() {
        return latentsFlat;
    }

    /** ε per split then the top, the outputs of encode. */
    public List<SDVariable> standardizedLatents() {
        return Collections.unmodifiableList(standardizedLatents);
    }

    /** Placeholders of decode, in the same order as {@link #standardizedLatents()}. */
    public List<SDVariable> latentInputs() {
        return Collections.unmodifiableList(latentInputs);
    }

    public SDVariable decoded() {
        return decoded;
    }

    public List<DataDependentLayer> dataDependentLayers() {
        return Collections.unmodifiableList(dataDependent);
    }

    public List<TrainingStatistics> statisticsLayers() {
        return Collections.unmodifiableList(statistics);
    }

    /** Shapes after each level's squeeze (before its split). */
    public List<TensorShape> levelShapes() {
        return levelShapes;
    }
}
