package org.flowlab.engine.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff graph of one model and the bookkeeping around it: which variables are trained, which
 * are saved buffers, and which placeholders must be recomputed on the JVM before every execution.
 * Everything that executes the graph goes through {@link #feed}, so derived values are never stale.
 */
public final class ModelGraph {

    private final SameDiff sd = SameDiff.create();
    private final DataType dataType;
    private final Map<String, SDVariable> parameters = new LinkedHashMap<>();
    private final Map<String, SDVariable> states = new LinkedHashMap<>();
    private final List<Derived> derived = new ArrayList<>();
    private final SDVariable trainingFlag;

    private record Derived(String name, Supplier<INDArray> compute) {
    }

    public ModelGraph(DataType dataType) {
        this.dataType = dataType;
        this.trainingFlag = sd.placeHolder("training", dataType);
    }

    public SameDiff sd() {
        return sd;
    }

    public DataType dataType() {
        return dataType;
    }

    public SDVariable trainingFlag() {
        return trainingFlag;
    }

    SDVariable addParameter(String name, INDArray initial) {
        SDVariable variable = sd.var(name, initial.castTo(dataType).dup());
        parameters.put(name, variable);
        return variable;
    }

    SDVariable addState(String name, INDArray initial) {
        // A constant is never touched by the optimiser, but its array can be updated in place and saved.
        SDVariable variable = sd.constant(name, initial.castTo(dataType).dup());
        states.put(name, variable);
        return variable;
    }

    SDVariable addDerived(String name, long[] shape, Supplier<INDArray> compute) {
        SDVariable placeholder = sd.placeHolder(name, dataType, shape);
        derived.add(new Derived(name, compute));
        return placeholder;
    }

    public Map<String, SDVariable> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    public Map<String, SDVariable> states() {
        return Collections.unmodifiableMap(states);
    }

    public INDArray valueOf(String name) {
        return sd.getArrForVarName(name);
    }

    /** Placeholder values for one execution: the caller's inputs, the mode flag, and fresh derived values. */
    public Map<String, INDArray> feed(Map<String, INDArray> inputs, boolean training) {
        Map<String, INDArray> feed = new HashMap<>(inputs);
        feed.put(trainingFlag.name(), Nd4j.scalar(dataType, training ? 1.0 : 0.0));
        for (Derived d : derived) {
            feed.put(d.name(), d.compute().get().castTo(dataType));
        }
        return feed;
    }

    public long parameterCount() {
        return parameters.values().stream().mapToLong(v -> v.getArr().length()).sum();
    }
}
