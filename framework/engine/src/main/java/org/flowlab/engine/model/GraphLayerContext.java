package org.flowlab.engine.model;

import java.util.Random;
import java.util.function.Supplier;
import org.flowlab.api.layer.LayerContext;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.api.options.ResolvedOptions;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The {@link LayerContext} a plugin sees: a scope inside one {@link ModelGraph}. */
public final class GraphLayerContext implements LayerContext {

    private final ModelGraph graph;
    private final String scope;
    private final TensorShape inputShape;
    private final ResolvedOptions options;
    private final int modelHidden;
    private final Random random;

    public GraphLayerContext(ModelGraph graph, String scope, TensorShape inputShape, ResolvedOptions options,
                             int modelHidden, long seed) {
        this.graph = graph;
        this.scope = scope;
        this.inputShape = inputShape;
        this.options = options;
        this.modelHidden = modelHidden;
        // Seeded from the trial seed and the scope, so adding a layer elsewhere does not change this one's init.
        this.random = new Random(seed * 1_000_003L + scope.hashCode());
    }

    @Override
    public SameDiff graph() {
        return graph.sd();
    }

    @Override
    public DataType dataType() {
        return graph.dataType();
    }

    @Override
    public TensorShape inputShape() {
        return inputShape;
    }

    @Override
    public ResolvedOptions options() {
        return options;
    }

    @Override
    public int modelHidden() {
        return modelHidden;
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public SDVariable parameter(String name, INDArray initialValue) {
        return graph.addParameter(scoped(name), initialValue);
    }

    @Override
    public SDVariable state(String name, INDArray initialValue) {
        return graph.addState(scoped(name), initialValue);
    }

    @Override
    public SDVariable derived(String name, long[] shape, Supplier<INDArray> compute) {
        return graph.addDerived(scoped(name), shape, compute);
    }

    @Override
    public SDVariable trainingFlag() {
        return graph.trainingFlag();
    }

    @Override
    public INDArray valueOf(SDVariable variable) {
        return graph.valueOf(variable.name());
    }

    @Override
    public String scoped(String name) {
        return scope + "/" + name;
    }
}
