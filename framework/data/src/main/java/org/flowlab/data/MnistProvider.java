package org.flowlab.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MNIST-format datasets (MNIST and Fashion-MNIST share file names and layout):
 * four gzip IDX files in one folder, 28x28 grey images, labels 0..9.
 */
public final class MnistProvider implements DatasetProvider {
    private static final Logger LOG = LoggerFactory.getLogger(MnistProvider.class);

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    static final int SIDE = 28;
    static final int CLASSES = 10;

    public static final URI MNIST_BASE_URL = URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/");
    public static final URI FASHION_MNIST_BASE_URL = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    // SHA-256 from /work/shared/data/README.md (checked there against the Nix MNIST package and Zalando's MD5s).
    public static final ChecksumTable MNIST_CHECKSUMS = ChecksumTable.of(Map.of(
            TRAIN_IMAGES, Checksum.sha256("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            TRAIN_LABELS, Checksum.sha256("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            TEST_IMAGES, Checksum.sha256("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            TEST_LABELS, Checksum.sha256("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")));

    public static final ChecksumTable FASHION_MNIST_CHECKSUMS = ChecksumTable.of(Map.of(
            TRAIN_IMAGES, Checksum.sha256("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
            TRAIN_LABELS, Checksum.sha256("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
            TEST_IMAGES, Checksum.sha256("346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
            TEST_LABELS, Checksum.sha256("67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")));

    private final String name;
    private final String description;
    private final String folder;
    private final URI baseUrl;
    private final ChecksumTable checksums;

    public MnistProvider(String name, String description, String folder, URI baseUrl, ChecksumTable checksums) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.folder = Objects.requireNonNull(folder, "folder");
        // URI.resolve would drop the last path segment of a base URL without a trailing slash.
        String url = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.baseUrl = url.endsWith("/") ? baseUrl : URI.create(url + "/");
        this.checksums = Objects.requireNonNull(checksums, "checksums");
    }

    public static MnistProvider mnist() {
        return new MnistProvider("mnist", "MNIST handwritten digits, 1x28x28 grey, 60000 train / 10000 test, 10 classes",
                "mnist", MNIST_BASE_URL, MNIST_CHECKSUMS);
    }

    public static MnistProvider fashionMnist() {
        return new MnistProvider("fashion-mnist", "Fashion-MNIST clothing images, 1x28x28 grey, 60000 train / 10000 test, 10 classes",
                "fashion-mnist", FASHION_MNIST_BASE_URL, FASHION_MNIST_CHECKSUMS);
    }

    /** Same dataset with other expected checksums (tests feed in digests of damaged files). */
    public MnistProvider withChecksums(ChecksumTable table) {
        return new MnistProvider(name, description, folder, baseUrl, table);
    }

    /** Same dataset downloaded from another address (a mirror, or a local test server). */
    public MnistProvider withBaseUrl(URI url) {
        return new MnistProvider(name, description, folder, url, checksums);
    }

    /** Folder under the data root, e.g. {@code mnist}. */
    public String folder() {
        return folder;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return SIDE;
    }

    @Override
    public int width() {
        return SIDE;
    }

    @Override
    public int classes() {
        return CLASSES;
    }

    @Override
    public void requirePresent(DataDirectory dir) throws DatasetException {
        Path base = dir.datasetDir(folder);
        for (String file : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            requirePresent(base.resolve(file), dir);
        }
    }

    private void requirePresent(Path file, DataDirectory dir) {
        DatasetFiles.requirePresent(file, name, urlOf(file.getFileName().toString()).toString(), dir);
    }

    @Override
    public ImageDataset load(Split split, DataDirectory dir) throws DatasetException {
        Objects.requireNonNull(split, "split");
        Path base = dir.datasetDir(folder);
        Path imagesFile = base.resolve(split == Split.TRAIN ? TRAIN_IMAGES : TEST_IMAGES);
        Path labelsFile = base.resolve(split == Split.TRAIN ? TRAIN_LABELS : TEST_LABELS);
        // Presence first: "missing, fetch it from here" helps more than a checksum complaint about its sibling.
        for (Path file : List.of(imagesFile, labelsFile)) {
            requirePresent(file, dir);
        }
        checksums.verify(imagesFile);
        checksums.verify(labelsFile);

        IdxReader.Images images = IdxReader.readImages(imagesFile);
        if (images.rows() != SIDE || images.columns() != SIDE) {
            throw new DatasetException(imagesFile, "images are " + images.rows() + "x" + images.columns()
                    + ", expected " + SIDE + "x" + SIDE);
        }
        int[] labels = IdxReader.readLabels(labelsFile, CLASSES);
        if (labels.length != images.count()) {
            throw new DatasetException(imagesFile, "holds " + images.count() + " images but " + labelsFile
                    + " holds " + labels.length + " labels; the two files must come from the same split");
        }
        LOG.info("Loaded {} {}: {} images from {}", name, split, images.count(), base);
        return ImageDataset.wrap(name, split, 1, SIDE, SIDE, images.pixels(), labels);
    }

    @Override
    public void download(DataDirectory dir) throws DatasetException {
        Path base = dir.datasetDir(folder);
        Downloader downloader = new Downloader();
        for (String file : FILES) {
            Path target = base.resolve(file);
            if (DatasetFiles.isPresentAndValid(target, checksums)) {
                LOG.info("{} already present and verified, not downloading", target);
                continue;
            }
            downloader.download(urlOf(file), target, checksums.expected(file));
        }
    }


    private URI urlOf(String file) {
        return baseUrl.resolve(file);
    }

    @Override
    public String toString() {
        return "MnistProvider[" + name + "]";
    }
}
