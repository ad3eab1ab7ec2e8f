package org.flowlab.engine.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowlab.engine.execution.PlannedFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.custom.Flatten;

/**
 * One forward + backward execution: the requested outputs and the gradient of the loss for every parameter,
 * as {@link SameDiff#calculateGradientsAndOutputs} computes them, but with SameDiff's array cache switched on
 * and with all gradients delivered as one flat vector.
 *
 * <p>Why not that method: it turns the cache off for the gradient function on every call, so each of the
 * ~1,000–1,800 ops of a training step gets freshly allocated native output buffers, which are freed only when
 * the garbage collector gets to their Java wrappers. Allocating a 6 MB activation costs 0.4–3 ms, there are
 * hundreds per step, and resident memory climbs until a collection (what {@code NativeMemoryGuard} bounds).
 * With the cache, an op's output buffer comes from arrays released earlier in the same step or in the previous
 * one. The arrays returned here are requested outputs, which the session never releases into its cache.
 * (That is the fallback now: the pass runs through a {@link PlannedFunction}, a compiled plan of the step's ops
 * with its buffers assigned once, which SameDiff's session only records and checks.)
 *
 * <p>Why one flat gradient: SameDiff validates each requested output against a fresh copy of the function's
 * whole variable map (M2.1, {@code AbstractSession.output}), so requesting ~200 gradients of a ~3,300-variable
 * graph cost ~80 ms per step. A flatten op appended to the gradient function makes it one requested array, which
 * the optimiser then updates with one op instead of one per parameter.
 */
final class GradientPass {

    /** Outputs and the flat gradient (laid out by {@link #layout()}) of one pass. */
    record Result(Map<String, INDArray> outputs, INDArray flatGradient, ParameterLayout layout) {

        /** Each parameter's gradient, as views of the flat one. */
        Map<String, INDArray> gradients() {
            return layout.views(flatGradient);
        }
    }

    private final SameDiff model;
    private final SameDiff gradientFunction;
    private final List<String> outputs;
    private final ParameterLayout layout;
    private final String flatGradient;
    private final PlannedFunction execution;

    GradientPass(SameDiff model, List<String> outputs, Collection<String> parameters) {
        this.model = model;
        this.outputs = List.copyOf(outputs);
        if (model.getFunction("grad") == null) {
            model.createGradFunction();
        }
        this.gradientFunction = model.getFunction("grad");
        // Parameters the loss does not depend on have no gradient variable, and no place in the layout.
        Map<String, long[]> shapes = new LinkedHashMap<>();
        List<SDVariable> gradients = new ArrayList<>();
        for (String parameter : parameters) {
            SDVariable gradient = model.getVariable(parameter).getGradient();
            if (gradient != null) {
                shapes.put(parameter, model.getVariable(parameter).getArr().shape());
                gradients.add(gradientFunction.getVariable(gradient.name()));
            }
        }
        if (gradients.isEmpty()) {
            throw new IllegalStateException("The loss depends on none of the parameters " + parameters);
        }
        this.layout = new ParameterLayout(shapes);
        // One native op flattens them all, in c order, end to end. Its own op (SameDiff names its output):
        // another pass over the same model may lay parameters out differently.
        this.flatGradient = new Flatten(gradientFunction, 'c', gradients.toArray(SDVariable[]::new))
                .outputVariable().name();
        List<String> all = new ArrayList<>(outputs);
        all.add(flatGradient);
        this.execution = new PlannedFunction("training step", gradientFunction, all.toArray(String[]::new));
    }

    ParameterLayout layout() {
        return layout;
    }

    /** How the pass executes: the compiled plan (with its size) or SameDiff's session (and why). */
    String execution() {
        return execution.execution();
    }

    Result run(Map<String, INDArray> placeholders) {
        // Per call, not once: listeners (bench --profile) may be added after this pass was built.
        gradientFunction.setListeners(model.getListeners());
        Map<String, INDArray> values = execution.output(placeholders);
        Map<String, INDArray> outputValues = new HashMap<>();
        outputs.forEach(name -> outputValues.put(name, values.get(name)));
        return new Result(outputValues, values.get(flatGradient), layout);
    }
}
