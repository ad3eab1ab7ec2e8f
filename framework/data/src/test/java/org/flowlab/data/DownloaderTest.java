package org.flowlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads against a local HTTP server; the real addresses are never contacted. */
class DownloaderTest {
    @TempDir
    Path root;

    private final LocalHttpServer server = new LocalHttpServer();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void downloadsMnistVerifiesAndLoads() throws IOException {
        Path shared = SharedData.folder().resolve("mnist");
        for (String file : new String[] {MnistProvider.TRAIN_IMAGES, MnistProvider.TRAIN_LABELS,
                MnistProvider.TEST_IMAGES, MnistProvider.TEST_LABELS}) {
            server.serve("/mirror/mnist/" + file, Files.readAllBytes(shared.resolve(file)));
        }
        MnistProvider provider = MnistProvider.mnist().withBaseUrl(server.url("/mirror/mnist"));
        DataDirectory dir = DataDirectory.of(root);

        provider.download(dir);

        assertThat(server.requests()).hasSize(4);
        assertThat(filesIn(root.resolve("mnist"))).containsExactlyInAnyOrder(MnistProvider.TRAIN_IMAGES,
                MnistProvider.TRAIN_LABELS, MnistProvider.TEST_IMAGES, MnistProvider.TEST_LABELS);
        assertThat(provider.load(Split.TEST, dir).size()).isEqualTo(10_000);

        provider.download(dir);
        assertThat(server.requests()).as("verified files are not fetched again").hasSize(4);
    }

    @Test
    void rejectsADownloadWithTheWrongChecksum() {
        byte[] tampered = "not the MNIST labels".getBytes(StandardCharsets.US_ASCII);
        server.serve("/" + MnistProvider.TRAIN_IMAGES, tampered);
        Path target = root.resolve("mnist").resolve(MnistProvider.TRAIN_IMAGES);

        assertThatThrownBy(() -> MnistProvider.mnist().withBaseUrl(server.url("/")).download(DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(target.toString())
                .hasMessageContaining(server.url("/" + MnistProvider.TRAIN_IMAGES).toString())
                .hasMessageContaining("expected 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609")
                .hasMessageContaining("actual " + TestFiles.digest("SHA-256", tampered));
        assertThat(filesIn(root.resolve("mnist"))).as("neither the file nor a temporary is left behind").isEmpty();
    }

    @Test
    void replacesADamagedFileInPlace() throws IOException {
        byte[] labels = Files.readAllBytes(SharedData.folder().resolve("mnist").resolve(MnistProvider.TEST_LABELS));
        Path target = TestFiles.write(root.resolve("mnist").resolve(MnistProvider.TEST_LABELS), new byte[] {1, 2, 3});
        server.serve("/" + MnistProvider.TEST_LABELS, labels);
        Downloader downloader = new Downloader();

        downloader.download(server.url("/" + MnistProvider.TEST_LABELS), target,
                MnistProvider.MNIST_CHECKSUMS.expected(MnistProvider.TEST_LABELS));

        assertThat(Files.readAllBytes(target)).isEqualTo(labels);
        assertThat(filesIn(target.getParent())).containsExactly(MnistProvider.TEST_LABELS);
    }

    @Test
    void reportsHttpErrors() {
        Path target = root.resolve("x.bin");
        assertThatThrownBy(() -> new Downloader().download(server.url("/absent.bin"), target, Checksum.sha256("0".repeat(64))))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(target.toString())
                .hasMessageContaining("HTTP 404");
        assertThat(filesIn(root)).isEmpty();
    }

    @Test
    void reportsUnreachableServers() {
        Path target = root.resolve("x.bin");
        URI closedPort = server.url("/x.bin");
        server.close();
        assertThatThrownBy(() -> new Downloader().download(closedPort, target, Checksum.sha256("0".repeat(64))))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(target.toString())
                .hasMessageContaining("failed");
        assertThat(filesIn(root)).isEmpty();
    }

    @Test
    void downloadsTheCifarArchiveAndExtractsOnlyTheBatches() throws IOException {
        Map<String, byte[]> members = cifarMembers();
        byte[] archive = tarGz(members, Map.of("../escape.bin", new byte[] {1}, "cifar-10-batches-bin/readme.html", new byte[] {2}));
        server.serve("/cifar.tgz", archive);
        Cifar10Provider provider = Cifar10Provider.standard().withArchiveUrl(server.url("/cifar.tgz"))
                .withChecksums(checksumsOf(members, archive));

        provider.download(DataDirectory.of(root));

        Path folder = root.resolve(Cifar10Provider.FOLDER);
        assertThat(filesIn(folder)).containsExactlyInAnyOrderElementsOf(
                members.keySet().stream().map(name -> name.substring(name.indexOf('/') + 1)).toList());
        assertThat(Files.readAllBytes(folder.resolve("data_batch_4.bin")))
                .isEqualTo(members.get("cifar-10-batches-bin/data_batch_4.bin"));
        assertThat(root.resolve("escape.bin")).doesNotExist();

        provider.download(DataDirectory.of(root));
        assertThat(server.requests()).as("complete folder is not fetched again").hasSize(1);
    }

    @Test
    void rejectsACifarArchiveWithTheWrongChecksum() throws IOException {
        Map<String, byte[]> members = cifarMembers();
        byte[] archive = tarGz(members, Map.of());
        server.serve("/cifar.tgz", archive);
        Cifar10Provider provider = Cifar10Provider.standard().withArchiveUrl(server.url("/cifar.tgz"))
                .withChecksums(checksumsOf(members, archive).with(Cifar10Provider.ARCHIVE, Checksum.md5("0".repeat(32))));

        assertThatThrownBy(() -> provider.download(DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining(Cifar10Provider.ARCHIVE)
                .hasMessageContaining("MD5 checksum mismatch")
                .hasMessageContaining("actual " + TestFiles.digest("MD5", archive));
        assertThat(filesIn(root.resolve(Cifar10Provider.FOLDER))).isEmpty();
    }

    @Test
    void rejectsACifarMemberWithTheWrongChecksum() throws IOException {
        Map<String, byte[]> members = cifarMembers();
        byte[] archive = tarGz(members, Map.of());
        server.serve("/cifar.tgz", archive);
        Cifar10Provider provider = Cifar10Provider.standard().withArchiveUrl(server.url("/cifar.tgz"))
                .withChecksums(checksumsOf(members, archive).with("test_batch.bin", Checksum.sha256("0".repeat(64))));

        assertThatThrownBy(() -> provider.download(DataDirectory.of(root)))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("test_batch.bin")
                .hasMessageContaining("SHA-256 checksum mismatch");
        assertThat(root.resolve(Cifar10Provider.FOLDER).resolve("test_batch.bin")).doesNotExist();
        assertThat(filesIn(root.resolve(Cifar10Provider.FOLDER))).noneMatch(name -> name.endsWith(".part"));
    }

    private static Map<String, byte[]> cifarMembers() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (String name : Cifar10Provider.TRAIN_BATCHES) {
            members.put("cifar-10-batches-bin/" + name, ("fake " + name).getBytes(StandardCharsets.US_ASCII));
        }
        members.put("cifar-10-batches-bin/test_batch.bin", "fake test".getBytes(StandardCharsets.US_ASCII));
        members.put("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes(StandardCharsets.US_ASCII));
        return members;
    }

    private static ChecksumTable checksumsOf(Map<String, byte[]> members, byte[] archive) {
        ChecksumTable table = Cifar10Provider.CHECKSUMS.with(Cifar10Provider.ARCHIVE, Checksum.md5(TestFiles.digest("MD5", archive)));
        for (Map.Entry<String, byte[]> member : members.entrySet()) {
            String fileName = member.getKey().substring(member.getKey().indexOf('/') + 1);
            table = table.with(fileName, Checksum.sha256(TestFiles.digest("SHA-256", member.getValue())));
        }
        return table;
    }

    private static byte[] tarGz(Map<String, byte[]> members, Map<String, byte[]> extras) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            Map<String, byte[]> all = new LinkedHashMap<>(extras);
            all.putAll(members);
            for (Map.Entry<String, byte[]> member : all.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(member.getKey());
                entry.setSize(member.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(member.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<String> filesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
