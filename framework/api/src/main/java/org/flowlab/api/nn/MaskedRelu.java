package org.flowlab.api.nn;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * max(x, 0) as libnd4j's native {@code relu} op, with the gradient g·step(x).
 *
 * <p>Why a class of our own: ND4J M2.1 differentiates its ReLU ops with {@code thresholdedrelu_bp},
 * {@code relu_bp} or {@code lrelu_bp}, which take 5–15× the time of a same-shape multiply on the CPU
 * backend, and the cheap formulation x·step(x) pays for it in the backward pass with a multiply that also
 * computes the (useless) gradient of the mask, a zeros tensor for step's input and an add that folds it in:
 * five full passes over the largest activations of a flow step. Here the forward pass is one native op and
 * the backward pass two (step and multiply).
 *
 * <p>Why the registration: SameDiff builds its gradient function from a copy of the graph made by
 * serialising every op and instantiating the class that ND4J's op registry lists for the op's native hash.
 * The native custom op {@code relu} has no Java class there (the lookup would fall back, by name, to ND4J's
 * own ReLU, a legacy scalar op, and the copy would fail or lose this gradient); we register this class for
 * it, once, before the first instance is built.
 */
public final class MaskedRelu extends DynamicCustomOp {

    static final String NATIVE_OP = "relu";

    static {
        registerForGraphCopies();
    }

    /**
     * Makes sure the registration has happened. The engine calls it before it builds any model, so that with
     * trials in parallel no thread can be copying a graph (reading ND4J's registry) while another writes to it.
     */
    public static void register() {
        // Loading the class ran the static initialiser; nothing else to do.
    }

    /** For the registry, which instantiates ops reflectively when it copies a graph. */
    public MaskedRelu() {
    }

    MaskedRelu(SameDiff sd, SDVariable x) {
        super(sd, new SDVariable[]{x});
        addTArgument(0.0);
    }

    static SDVariable apply(SDVariable x) {
        return new MaskedRelu(x.getSameDiff(), x).outputVariable();
    }

    @Override
    public String opName() {
        return NATIVE_OP;
    }

    /**
     * A graph copy restores the properties ND4J serialised for the native op, among them ReLU's {@code cutoff};
     * ours is always 0 and travels as the op's scalar argument, so there is nothing to set (and no field for
     * ND4J to warn about, once per ReLU per copy).
     */
    @Override
    public void setPropertiesForFunction(Map<String, Object> properties) {
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> dataTypes) {
        return List.of(dataTypes.get(0));
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return List.of(gradients.get(0).mul(sameDiff.math().step(arg(), 0.0)));
    }

    private static void registerForGraphCopies() {
        OpRegistry.register(NATIVE_OP, MaskedRelu.class, null);
    }
}
