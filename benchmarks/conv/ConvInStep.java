import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowlab.api.config.ComponentChoice;
import org.flowlab.api.config.ModelConfig;
import org.flowlab.api.layer.TensorShape;
import org.flowlab.engine.FlowLab;
import org.flowlab.engine.model.FlowModel;
import org.flowlab.engine.model.FlowModelFactory;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The convolutions of a training step of the bench configuration, timed one by one inside the step and grouped
 * by shape, to compare with ConvBench (the same convolutions alone). Forward + backward passes of SameDiff's
 * gradient function with the array cache on, as the trainer runs them; random inputs, 3 warm-up passes, 8 timed.
 * Run from the project root after a build:
 *
 *   OMP_NUM_THREADS=2 java -cp framework/cli/target/flowlab.jar benchmarks/conv/ConvInStep.java
 *
 * {@code -Dnd4j.masterThreads=N} caps libnd4j's own thread pool (Environment.setMaxMasterThreads) first.
 */
public class ConvInStep {

    static final int WARMUP = 3;
    static final int STEPS = 8;

    public static void main(String[] args) {
        Integer masterThreads = Integer.getInteger("nd4j.masterThreads");
        if (masterThreads != null) {
            Nd4j.getEnvironment().setMaxMasterThreads(masterThreads);
        }
        ModelConfig config = new ModelConfig(2, 8, 128, ComponentChoice.of("actnorm"), ComponentChoice.of("conv1x1-lu"),
                ComponentChoice.of("affine"), ComponentChoice.of("split-conditional"));
        FlowModelFactory factory = FlowLab.injector().getInstance(FlowModelFactory.class);
        FlowModel model = new FlowModel(factory.create(config, new TensorShape(1, 28, 28), DataType.FLOAT, 1), 256);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28).subi(0.5);
        model.initializeDataDependentLayers(x);
        SameDiff sd = model.graph().sd();
        sd.createGradFunction();
        SameDiff gradient = sd.getFunction("grad");
        List<String> requested = new ArrayList<>(List.of(model.loss().name()));
        for (String parameter : model.graph().parameters().keySet()) {
            SDVariable g = sd.getVariable(parameter).getGradient();
            if (g != null) {
                requested.add(g.name());
            }
        }
        ConvTimer timer = new ConvTimer();
        gradient.setListeners(timer);
        for (int i = 0; i < WARMUP + STEPS; i++) {
            timer.recording = i >= WARMUP;
            gradient.setEnableCache(true);
            gradient.output(model.feedFor(x, true), requested.toArray(String[]::new));
        }
        double total = 0;
        for (Map.Entry<String, double[]> e : timer.byShape.entrySet()) {
            total += e.getValue()[0];
            System.out.printf("%8.2f ms/call %3.0f calls/step  %s%n", e.getValue()[0] / e.getValue()[1],
                    e.getValue()[1] / STEPS, e.getKey());
        }
        System.out.printf("all convolutions %.1f ms/step%n", total / STEPS);
    }

    /** Wall time of every conv2d / conv2d_bp, keyed by op and input shapes. */
    static final class ConvTimer extends BaseListener {
        final Map<String, double[]> byShape = new TreeMap<>();
        boolean recording;
        private long start;

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
            start = System.nanoTime();
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
            if (!recording || !op.getOp().opName().startsWith("conv2d")) {
                return;
            }
            double ms = (System.nanoTime() - start) / 1e6;
            StringBuilder key = new StringBuilder(String.format("%-9s", op.getOp().opName()));
            for (INDArray input : context.getInputArrays()) {
                key.append(' ').append(Arrays.toString(input.shape()));
            }
            double[] entry = byShape.computeIfAbsent(key.toString(), k -> new double[2]);
            entry[0] += ms;
            entry[1]++;
        }
    }
}
