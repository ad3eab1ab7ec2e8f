package org.flowlab.data;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CIFAR-10, binary version: 3x32x32 colour images, 10 classes. The training split uses whichever
 * of data_batch_1..5.bin are present (at least batch 1), so a partial copy still works for small runs.
 */
public final class Cifar10Provider implements DatasetProvider {
    private static final Logger LOG = LoggerFactory.getLogger(Cifar10Provider.class);

    public static final String FOLDER = "cifar-10-batches-bin";
    public static final String TEST_BATCH = "test_batch.bin";
    public static final String META = "batches.meta.txt";
    public static final List<String> TRAIN_BATCHES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String ARCHIVE = "cifar-10-binary.tar.gz";
    public static final URI ARCHIVE_URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");

    /**
     * SHA-256 from /work/shared/data/README.md where known. Batches 2..5 were not available to hash, so
     * they carry the SHA-1 published by the Apache MXNet Gluon CIFAR10 loader (which also lists batch 1
     * and the test batch with values matching the README). The archive has only its published MD5.
     */
    public static final ChecksumTable CHECKSUMS = ChecksumTable.of(Map.of(
            TEST_BATCH, Checksum.sha256("8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b"),
            "data_batch_1.bin", Checksum.sha256("cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5"),
            "data_batch_2.bin", Checksum.sha1("c0ba65cce70568cd57b4e03e9ac8d2a5367c1795"),
            "data_batch_3.bin", Checksum.sha1("1dd00a74ab1d17a6e7d73e185b69dbf31242f295"),
            "data_batch_4.bin", Checksum.sha1("aab85764eb3584312d3c7f65fd2fd016e36a258e"),
            "data_batch_5.bin", Checksum.sha1("26e2849e66a845b7f1e4614ae70f4889ae604628"),
            META, Checksum.sha256("558e74b5e208382e186da55784b4bac2cd52e558448e1b5800990fdb28ed8033"),
            ARCHIVE, Checksum.md5("c32a1d4ab5d03f1284b67883e8d87530")));

    private final ChecksumTable checksums;
    private final URI archiveUrl;

    public Cifar10Provider(ChecksumTable checksums, URI archiveUrl) {
        this.checksums = Objects.requireNonNull(checksums, "checksums");
        this.archiveUrl = Objects.requireNonNull(archiveUrl, "archiveUrl");
    }

    public static Cifar10Provider standard() {
        return new Cifar10Provider(CHECKSUMS, ARCHIVE_URL);
    }

    /** Same dataset with other expected checksums (tests feed in digests of damaged files). */
    public Cifar10Provider withChecksums(ChecksumTable table) {
        return new Cifar10Provider(table, archiveUrl);
    }

    /** Same dataset downloaded from another address (a mirror, or a local test server). */
    public Cifar10Provider withArchiveUrl(URI url) {
        return new Cifar10Provider(checksums, url);
    }

    @Override
    public String name() {
        return "cifar10";
    }

    @Override
    public String description() {
        return "CIFAR-10 colour images, 3x32x32, 10 classes; test 10000, train 10000 per data_batch_N.bin present (up to 50000)";
    }

    @Override
    public int channels() {
        return Cifar10Reader.CHANNELS;
    }

    @Override
    public int height() {
        return Cifar10Reader.SIDE;
    }

    @Override
    public int width() {
        return Cifar10Reader.SIDE;
    }

    @Override
    public int classes() {
        return Cifar10Reader.CLASSES;
    }

    /** The first training batch and the test batch: the minimum; further training batches are optional. */
    @Override
    public void requirePresent(DataDirectory dir) throws DatasetException {
        Path base = dir.datasetDir(FOLDER);
        requirePresent(base.resolve(TRAIN_BATCHES.get(0)), dir);
        requirePresent(base.resolve(TEST_BATCH), dir);
    }

    @Override
    public ImageDataset load(Split split, DataDirectory dir) throws DatasetException {
        Objects.requireNonNull(split, "split");
        Path base = dir.datasetDir(FOLDER);
        // Both minimum files are demanded for either split so that an incomplete copy fails at the first load.
        requirePresent(dir);

        List<Path> files = split == Split.TEST ? List.of(base.resolve(TEST_BATCH)) : presentTrainBatches(base);
        List<Cifar10Reader.Batch> batches = new ArrayList<>();
        for (Path file : files) {
            checksums.verify(file);
            batches.add(Cifar10Reader.read(file));
        }
        Cifar10Reader.Batch all = concat(batches);
        return ImageDataset.wrap(name(), split, Cifar10Reader.CHANNELS, Cifar10Reader.SIDE, Cifar10Reader.SIDE,
                all.pixels(), all.labels());
    }

    private List<Path> presentTrainBatches(Path base) {
        List<Path> present = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String batch : TRAIN_BATCHES) {
            if (Files.isRegularFile(base.resolve(batch))) {
                present.add(base.resolve(batch));
            } else {
                absent.add(batch);
            }
        }
        LOG.info("CIFAR-10 train split uses {} of 5 batches from {}: {} ({} images){}", present.size(), base,
                present.stream().map(p -> p.getFileName().toString()).toList(),
                present.size() * Cifar10Reader.RECORDS_PER_FILE,
                absent.isEmpty() ? "" : "; absent: " + absent);
        return present;
    }

    private static Cifar10Reader.Batch concat(List<Cifar10Reader.Batch> batches) {
        if (batches.size() == 1) {
            return batches.get(0);
        }
        int count = batches.stream().mapToInt(b -> b.labels().length).sum();
        int[] labels = new int[count];
        byte[] pixels = new byte[count * Cifar10Reader.IMAGE_BYTES];
        int at = 0;
        for (Cifar10Reader.Batch batch : batches) {
            int n = batch.labels().length;
            System.arraycopy(batch.labels(), 0, labels, at, n);
            System.arraycopy(batch.pixels(), 0, pixels, at * Cifar10Reader.IMAGE_BYTES, n * Cifar10Reader.IMAGE_BYTES);
            at += n;
        }
        return new Cifar10Reader.Batch(labels, pixels);
    }

    private void requirePresent(Path file, DataDirectory dir) {
        DatasetFiles.requirePresent(file, name(), "inside the archive " + archiveUrl
                + ", folder " + FOLDER + "/", dir);
    }

    /** Fetches the archive once and extracts every member that is missing or fails its checksum. */
    @Override
    public void download(DataDirectory dir) throws DatasetException {
        Path base = dir.datasetDir(FOLDER);
        Map<String, Path> wanted = new LinkedHashMap<>();
        List<String> members = new ArrayList<>(TRAIN_BATCHES);
        members.add(TEST_BATCH);
        members.add(META);
        for (String member : members) {
            Path target = base.resolve(member);
            if (!DatasetFiles.isPresentAndValid(target, checksums)) {
                wanted.put(FOLDER + "/" + member, target);
            }
        }
        if (wanted.isEmpty()) {
            LOG.info("CIFAR-10 already complete and verified in {}, not downloading", base);
            return;
        }
        Path archive = new Downloader().downloadToTemp(archiveUrl, base.resolve(ARCHIVE), checksums.expected(ARCHIVE));
        try {
            TarGzExtractor.extract(archive, wanted, checksums);
            LOG.info("Extracted {} into {}", wanted.keySet(), base);
        } finally {
            Downloader.deleteQuietly(archive);
        }
    }


    @Override
    public String toString() {
        return "Cifar10Provider";
    }
}
