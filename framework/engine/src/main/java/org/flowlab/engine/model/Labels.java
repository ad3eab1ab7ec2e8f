package org.flowlab.engine.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class labels as a class-conditional model takes them: one-hot rows [N, classes]. */
public final class Labels {

    private Labels() {
    }

    public static INDArray oneHot(int[] labels, int classes) {
        INDArray out = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("class " + labels[i] + " is outside 0.." + (classes - 1));
            }
            out.putScalar(i, labels[i], 1.0);
        }
        return out;
    }

    /** {@code perClass} labels of each class in turn: 0,0,…,1,1,… — one row of a grid per class. */
    public static int[] rowsPerClass(int classes, int perClass) {
        int[] labels = new int[classes * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / perClass;
        }
        return labels;
    }
}
