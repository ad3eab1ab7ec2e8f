package org.flowlab.engine.model;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random tensors from a {@link java.util.Random}: reproducible from the seed alone, independent of
 * ND4J's global RNG state and of how many threads ND4J uses.
 */
public final class Noise {

    private Noise() {
    }

    public static INDArray gaussian(Random random, DataType type, long... shape) {
        double[] values = new double[Math.toIntExact(length(shape))];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.create(values, shape, 'c').castTo(type);
    }

    public static INDArray uniform(Random random, double low, double high, DataType type, long... shape) {
        double[] values = new double[Math.toIntExact(length(shape))];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        return Nd4j.create(values, shape, 'c').castTo(type);
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
