package org.flowlab.engine.model;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.layer.FlowLayer;
import org.flowlab.api.layer.LatentPrior;
import org.flowlab.api.layer.LearnedDequantizer;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.PriorContext;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.nn.MaskedRelu;
import org.flowlab.api.nn.MatmulGradientConv2D;
import org.flowlab.api.options.ResolvedOptions;
import org.flowlab.api.plugin.Dequantization;
import org.flowlab.api.plugin.Family;
import org.flowlab.api.plugin.LayerComponent;
import org.flowlab.api.plugin.Prior;
import org.flowlab.engine.plugins.ComponentRegistry;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/** Assembles a {@link MultiScaleFlow} from a model config, asking the registry for each family's plugin. */
public final class FlowModelFactory {

    private static final Family[] STEP_ORDER = {Family.NORMALIZATION, Family.PERMUTATION, Family.COUPLING};

    private final ComponentRegistry registry;

    @Inject
    public FlowModelFactory(ComponentRegistry registry) {
        this.registry = registry;
    }

    /** A model of 8-bit images (n_bins = 256), which only a learned dequantisation needs to know. */
    public MultiScaleFlow create(ModelConfig config, TensorShape inputShape, DataType dataType, long seed) {
        return create(config, inputShape, dataType, seed, 256);
    }

    /** @param bins n_bins = 2^nBits of the data: a learned dequantisation scales u ∈ (0, 1) by 1/n_bins */
    public MultiScaleFlow create(ModelConfig config, TensorShape inputShape, DataType dataType, long seed,
                                 double bins) {
        return create(config, inputShape, dataType, seed, bins, 0);
    }

    /** @param classes how many classes the data's labels take; a class-conditional model needs at least one */
    public MultiScaleFlow create(ModelConfig config, TensorShape inputShape, DataType dataType, long seed,
                                 double bins, int classes) {
        if (config.classConditional() && classes < 1) {
            throw new IllegalArgumentException("model.conditioning: class needs a dataset with class labels");
        }
        // Before any graph exists: parallel trials then never read ND4J's op registry while it is written.
        MaskedRelu.register();
        MatmulGradientConv2D.register();
        List<TensorShape> levelShapes = levelShapes(config, inputShape);
        ModelGraph graph = new ModelGraph(dataType);
        List<List<FlowStep>> steps = new ArrayList<>();
        for (int level = 0; level < config.levels(); level++) {
            List<FlowStep> levelSteps = new ArrayList<>();
            for (int k = 0; k < config.depth(); k++) {
                List<FlowLayer> layers = new ArrayList<>();
                for (Family family : STEP_ORDER) {
                    String scope = "level" + level + "/step" + k + "/" + family.key();
                    layers.add(layer(graph, scope, levelShapes.get(level), family, config, seed));
                }
                levelSteps.add(new FlowStep(layers));
            }
            steps.add(levelSteps);
        }
        Optional<LearnedDequantizer> dequantizer = dequantizer(graph, inputShape, config, seed);
        FlowLayer preprocess = layer(graph, "preprocessing", inputShape, Family.PREPROCESSING, config, seed);
        LatentPrior prior = createPrior(graph, config, levelShapes, seed);
        Optional<SDVariable> labels = Optional.empty();
        if (config.classConditional()) {
            labels = Optional.of(graph.sd().placeHolder("y", dataType, -1, classes));
            prior = new ClassConditionalPrior(graph, prior, labels.get(), classes, levelShapes.get(config.levels() - 1));
        }
        return new MultiScaleFlow(graph, config, inputShape, levelShapes, dequantizer, bins, preprocess, steps, prior,
                labels);
    }

    private Optional<LearnedDequantizer> dequantizer(ModelGraph graph, TensorShape inputShape, ModelConfig config,
                                                     long seed) {
        ComponentChoice choice = config.dequantization();
        Dequantization component = registry.get(Family.DEQUANTIZATION, choice.name(), Dequantization.class);
        return component.create(new GraphLayerContext(graph, "dequantization", inputShape,
                registry.resolve(Family.DEQUANTIZATION, choice), config.hidden(), seed));
    }

    private LatentPrior createPrior(ModelGraph graph, ModelConfig config, List<TensorShape> levelShapes, long seed) {
        ComponentChoice choice = config.prior();
        Prior prior = registry.get(Family.PRIOR, choice.name(), Prior.class);
        ResolvedOptions options = registry.resolve(Family.PRIOR, choice);
        int levels = config.levels();
        PriorContext context = new PriorContext() {
            @Override
            public int levels() {
                return levels;
            }

            @Override
            public LayerContext top() {
                return new GraphLayerContext(graph, "prior/top", levelShapes.get(levels - 1), options, config.hidden(), seed);
            }

            @Override
            public LayerContext split(int level) {
                TensorShape s = levelShapes.get(level);
                TensorShape kept = new TensorShape(s.channels() / 2, s.height(), s.width());
                return new GraphLayerContext(graph, "prior/split" + level, kept, options, config.hidden(), seed);
            }
        };
        return prior.create(context);
    }

    /** The layer of {@code family} that the config chooses, built under {@code scope} for inputs of {@code shape}. */
    private FlowLayer layer(ModelGraph graph, String scope, TensorShape shape, Family family, ModelConfig config,
                            long seed) {
        ComponentChoice choice = config.choice(family.key());
        LayerComponent component = registry.get(family, choice.name(), LayerComponent.class);
        return component.create(new GraphLayerContext(graph, scope, shape, registry.resolve(family, choice),
                config.hidden(), seed));
    }

    /**
     * Shape after each level's squeeze. Each level halves height and width and, except the last,
     * keeps half the channels, so the input must divide by 2^levels.
     */
    public static List<TensorShape> levelShapes(ModelConfig config, TensorShape inputShape) {
        if (config.levels() < 1 || config.depth() < 1) {
            throw new IllegalArgumentException("model.levels and model.depth must be at least 1, got levels="
                    + config.levels() + ", depth=" + config.depth());
        }
        int divisor = 1 << config.levels();
        if (inputShape.height() % divisor != 0 || inputShape.width() % divisor != 0) {
            throw new IllegalArgumentException("model.levels=" + config.levels() + " needs image height and width divisible by "
                    + divisor + ", but the images are " + inputShape.height() + "x" + inputShape.width());
        }
        List<TensorShape> shapes = new ArrayList<>();
        TensorShape shape = inputShape;
        for (int level = 0; level < config.levels(); level++) {
            shape = new TensorShape(shape.channels() * 4, shape.height() / 2, shape.width() / 2);
            shapes.add(shape);
            if (level < config.levels() - 1) {
                shape = new TensorShape(shape.channels() / 2, shape.height(), shape.width());
            }
        }
        return shapes;
    }
}
