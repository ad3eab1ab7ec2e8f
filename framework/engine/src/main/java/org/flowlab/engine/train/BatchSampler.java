package org.flowlab.engine.train;

import java.util.Random;

/** Shuffled mini-batches, epoch after epoch; the last incomplete batch of an epoch is dropped. */
final class BatchSampler {

    private final int[] order;
    private final int batchSize;
    private final Random random;
    private int position;

    BatchSampler(int datasetSize, int batchSize, Random random) {
        if (batchSize > datasetSize) {
            throw new IllegalArgumentException("train.batchSize=" + batchSize + " is larger than the training split ("
                    + datasetSize + " images)");
        }
        this.order = new int[datasetSize];
        for (int i = 0; i < datasetSize; i++) {
            order[i] = i;
        }
        this.batchSize = batchSize;
        this.random = random;
        shuffle();
    }

    int batchesPerEpoch() {
        return order.length / batchSize;
    }

    int[] next() {
        if (position + batchSize > order.length) {
            shuffle();
        }
        int[] batch = new int[batchSize];
        System.arraycopy(order, position, batch, 0, batchSize);
        position += batchSize;
        return batch;
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        position = 0;
    }
}
