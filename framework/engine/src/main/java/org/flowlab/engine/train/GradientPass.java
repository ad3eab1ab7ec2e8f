package org.flowlab.engine.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One forward + backward execution: the requested outputs and the gradient of the loss for every parameter,
 * as {@link SameDiff#calculateGradientsAndOutputs} computes them, but with SameDiff's array cache switched on.
 *
 * <p>Why not that method: it turns the cache off for the gradient function on every call, so each of the
 * ~1,000–1,800 ops of a training step gets freshly allocated native output buffers, which are freed only when
 * the garbage collector gets to their Java wrappers. Allocating a 6 MB activation costs 0.4–3 ms, there are
 * hundreds per step, and resident memory climbs until a collection (what {@code NativeMemoryGuard} bounds).
 * With the cache, an op's output buffer comes from arrays released earlier in the same step or in the previous
 * one. The arrays returned here are requested outputs, which the session never releases into its cache.
 */
final class GradientPass {

    /** Outputs and gradients (keyed by parameter name) of one pass. */
    record Result(Map<String, INDArray> outputs, Map<String, INDArray> gradients) {
    }

    private final SameDiff model;
    private final SameDiff gradientFunction;
    private final List<String> outputs;
    /** Parameter name → name of its gradient variable; parameters the loss does not depend on have none. */
    private final Map<String, String> gradientNames = new LinkedHashMap<>();
    private final String[] requested;

    GradientPass(SameDiff model, List<String> outputs, Collection<String> parameters) {
        this.model = model;
        this.outputs = List.copyOf(outputs);
        if (model.getFunction("grad") == null) {
            model.createGradFunction();
        }
        this.gradientFunction = model.getFunction("grad");
        for (String parameter : parameters) {
            SDVariable gradient = model.getVariable(parameter).getGradient();
            if (gradient != null) {
                gradientNames.put(parameter, gradient.name());
            }
        }
        List<String> all = new ArrayList<>(outputs);
        all.addAll(gradientNames.values());
        this.requested = all.toArray(String[]::new);
    }

    Result run(Map<String, INDArray> placeholders) {
        // Per call, not once: any calculateGradients* call on the same model turns the cache off again, and
        // listeners (bench --profile) may be added after this pass was built.
        gradientFunction.setEnableCache(true);
        gradientFunction.setListeners(model.getListeners());
        Map<String, INDArray> values = gradientFunction.output(placeholders, requested);
        Map<String, INDArray> outputValues = new HashMap<>();
        outputs.forEach(name -> outputValues.put(name, values.get(name)));
        Map<String, INDArray> gradients = new HashMap<>();
        gradientNames.forEach((parameter, gradient) -> gradients.put(parameter, values.get(gradient)));
        return new Result(outputValues, gradients);
    }
}
