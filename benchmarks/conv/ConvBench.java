import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One convolution on its own, outside any graph: ND4J's conv2d and conv2d_bp (the oneDNN build FlowLab ships)
 * on the shapes of the coupling networks of the bench and small configurations, batch 64, NCHW, SAME padding.
 * conv_bench.py times PyTorch on the same shapes. Run from the project root after a build:
 *
 *   OMP_NUM_THREADS=1 java -cp framework/cli/target/flowlab.jar benchmarks/conv/ConvBench.java
 *
 * {@code -Drepeats=N} times N calls per shape instead of 200; {@code -Dformat=NHWC} lays the activations out
 * channels-last, as the coupling networks run them. ConvInStep times the same convolutions inside a
 * training step.
 */
public class ConvBench {

    /** in, out, kernel, height = width: the coupling networks' convolutions at levels 0 (14×14) and 1 (7×7). */
    static final int[][] SHAPES = {
            {2, 128, 3, 14}, {128, 128, 1, 14}, {128, 4, 3, 14}, {4, 128, 3, 7}, {128, 128, 1, 7}, {128, 8, 3, 7},
            {2, 32, 3, 14}, {32, 32, 1, 14}, {32, 4, 3, 14}, {4, 32, 3, 7}, {32, 32, 1, 7}, {32, 8, 3, 7}};
    static final int WARMUP = 20;
    static final int REPEATS = Integer.getInteger("repeats", 200);
    /** -Dformat=NHWC lays activations out channels-last (the coupling networks' layout). */
    static final boolean NHWC = "NHWC".equalsIgnoreCase(System.getProperty("format", "NCHW"));

    public static void main(String[] args) {
        for (int[] s : SHAPES) {
            int in = s[0], out = s[1], k = s[2], hw = s[3];
            INDArray x = Nd4j.rand(DataType.FLOAT, activations(in, hw));
            INDArray w = Nd4j.rand(DataType.FLOAT, k, k, in, out);
            INDArray b = Nd4j.rand(DataType.FLOAT, out);
            INDArray y = Nd4j.create(DataType.FLOAT, activations(out, hw));
            INDArray gradY = Nd4j.rand(DataType.FLOAT, y.shape());
            INDArray gradX = Nd4j.create(DataType.FLOAT, x.shape());
            INDArray gradW = Nd4j.create(DataType.FLOAT, w.shape());
            INDArray gradB = Nd4j.create(DataType.FLOAT, b.shape());
            Conv2DConfig config = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).paddingMode(PaddingMode.SAME)
                    .dataFormat(NHWC ? Conv2DConfig.NHWC : Conv2DConfig.NCHW).build();
            Conv2D forward = new Conv2D(new INDArray[]{x, w, b}, new INDArray[]{y}, config);
            // conv2d_bp takes the forward op's integer arguments (kernel, stride, padding, dilation, modes).
            int[] iArgs = Arrays.stream(forward.iArgs()).mapToInt(v -> (int) v).toArray();
            double forwardMs = 0;
            double backwardMs = 0;
            for (int i = 0; i < WARMUP + REPEATS; i++) {
                long t0 = System.nanoTime();
                Nd4j.exec(forward);
                long t1 = System.nanoTime();
                Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, gradY)
                        .addOutputs(gradX, gradW, gradB).addIntegerArguments(iArgs).build());
                long t2 = System.nanoTime();
                if (i >= WARMUP) {
                    forwardMs += (t1 - t0) / 1e6;
                    backwardMs += (t2 - t1) / 1e6;
                }
            }
            System.out.printf("nd4j %s in %3d out %3d k %d %2dx%-2d  forward %7.3f ms  backward %7.3f ms%n",
                    NHWC ? "NHWC" : "NCHW", in, out, k, hw, hw, forwardMs / REPEATS, backwardMs / REPEATS);
        }
    }

    /** Batch 64 of hw×hw images with the given channels, in the chosen layout. */
    static long[] activations(int channels, int hw) {
        return NHWC ? new long[]{64, hw, hw, channels} : new long[]{64, channels, hw, hw};
    }
}
