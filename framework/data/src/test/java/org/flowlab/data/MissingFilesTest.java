package org.flowlab.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh machine without data must get a message saying what to fetch, from where, and where to put it. */
class MissingFilesTest {
    @TempDir
    Path root;

    @Test
    void missingMnistNamesFileFolderAndUrl() {
        assertThatThrownBy(() -> Datasets.get("mnist").load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("file is missing")
                .hasMessageContaining(root.resolve("mnist").resolve(MnistProvider.TEST_IMAGES).toString())
                .hasMessageContaining("into the folder " + root.resolve("mnist"))
                .hasMessageContaining("https://ossci-datasets.s3.amazonaws.com/mnist/t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("Datasets.download(\"mnist\"")
                .hasMessageContaining("flowlab download mnist");
    }

    @Test
    void missingFashionMnistLabelsAreReportedBeforeAnyChecksumProblem() {
        TestFiles.write(root.resolve("fashion-mnist").resolve(MnistProvider.TRAIN_IMAGES), new byte[0]);

        assertThatThrownBy(() -> Datasets.get("fashion-mnist").load(Split.TRAIN, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(root.resolve("fashion-mnist").resolve(MnistProvider.TRAIN_LABELS) + ": file is missing")
                .hasMessageContaining("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-labels-idx1-ubyte.gz")
                .hasMessageNotContaining("checksum");
    }

    @Test
    void missingCifarNamesFolderAndArchiveUrl() {
        TestFiles.write(root.resolve(Cifar10Provider.FOLDER).resolve(Cifar10Provider.TEST_BATCH), new byte[0]);

        assertThatThrownBy(() -> Datasets.get("cifar10").load(Split.TEST, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("data_batch_1.bin")
                .hasMessageContaining("into the folder " + root.resolve(Cifar10Provider.FOLDER))
                .hasMessageContaining("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    }

    @Test
    void missingCifarTestBatchIsNamed() {
        TestFiles.write(root.resolve(Cifar10Provider.FOLDER).resolve("data_batch_1.bin"), new byte[0]);

        assertThatThrownBy(() -> Datasets.get("cifar10").load(Split.TRAIN, DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(root.resolve(Cifar10Provider.FOLDER).resolve("test_batch.bin") + ": file is missing");
    }
}
