package org.flowlab.runner.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * An OS file lock on {@code <store>/<experiment>/.lock}, held by {@code flowlab run} for as long as it runs.
 * Two things follow: two runs never write the same experiment's trials at once, and anything the store
 * finds RUNNING while nobody holds the lock was interrupted (the OS drops the lock when a process dies,
 * even by SIGKILL).
 *
 * <p>One trap shapes the code: OS file locks (fcntl) belong to the process, and closing <em>any</em> channel
 * on the file releases all of the process's locks on it. So a process never opens a second channel on a
 * lock file it holds: it remembers what it holds in {@link #HELD}, and probing and acquiring are serialised
 * within the JVM.
 */
public final class ExperimentLock implements AutoCloseable {

    private static final String FILE_NAME = ".lock";
    private static final Set<Path> HELD = new HashSet<>();
    private static final Object MONITOR = new Object();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ExperimentLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws StoreBusyException when another live process holds it (after retrying for {@code patienceMillis},
     *                            because a reader's {@link #isHeld} probe holds it for an instant)
     */
    static ExperimentLock acquire(Path experimentFolder, long patienceMillis) {
        Path file = experimentFolder.resolve(FILE_NAME).toAbsolutePath().normalize();
        long deadline = System.currentTimeMillis() + patienceMillis;
        try {
            Files.createDirectories(experimentFolder);
            while (true) {
                synchronized (MONITOR) {
                    if (!HELD.contains(file)) {
                        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                                StandardOpenOption.WRITE);
                        FileLock lock = tryLock(channel);
                        if (lock != null) {
                            try {
                                String owner = "pid " + ProcessHandle.current().pid() + " on " + hostName();
                                channel.truncate(0);
                                channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
                            } catch (IOException e) {
                                channel.close(); // e.g. a full disk: neither the lock nor the file stays held
                                throw e;
                            }
                            HELD.add(file);
                            return new ExperimentLock(file, channel, lock);
                        }
                        channel.close(); // this process holds no lock on the file: closing releases nothing
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new StoreBusyException("another flowlab run (" + owner(file) + ") is running experiment '"
                            + experimentFolder.getFileName() + "' in the run store " + experimentFolder.getParent()
                            + "; wait for it to end or use another --store");
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(cannotLock(experimentFolder, file, e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreBusyException("interrupted while waiting for the lock on " + file);
        }
    }

    /** Names the cause: a store path that is a file says so, where "cannot lock .../.lock" alone would puzzle. */
    private static String cannotLock(Path experimentFolder, Path file, IOException e) {
        Path store = experimentFolder.toAbsolutePath().normalize().getParent();
        java.util.Optional<String> notAFolder = store == null ? java.util.Optional.empty()
                : FolderPaths.whyNotAFolder(store);
        if (notAFolder.isPresent()) {
            return "the run store " + store + " " + notAFolder.get() + " (a run store is a folder; default: runs)";
        }
        java.util.Optional<String> folderIsFile = FolderPaths.whyNotAFolder(experimentFolder);
        if (folderIsFile.isPresent()) {
            return "cannot lock " + file + ": " + experimentFolder.toAbsolutePath().normalize() + " "
                    + folderIsFile.get() + " (the run store keeps one folder per experiment)";
        }
        String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return "cannot lock " + file + ": " + reason;
    }

    /** True when a live process (this one included) holds the experiment's lock. */
    static boolean isHeld(Path experimentFolder) {
        Path file = experimentFolder.resolve(FILE_NAME).toAbsolutePath().normalize();
        synchronized (MONITOR) {
            if (HELD.contains(file)) {
                return true;
            }
            if (!Files.exists(file)) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock = tryLock(channel);
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            } catch (IOException e) {
                // A store we cannot lock (read-only copy): nobody can be writing to it through us.
                return false;
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very JVM
        }
    }

    private static String owner(Path file) {
        synchronized (MONITOR) {
            if (HELD.contains(file)) {
                return "pid " + ProcessHandle.current().pid() + ", this process";
            }
        }
        // Reading is safe only because this process holds no lock on the file (see the class comment).
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "unknown process";
        }
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        }
    }

    @Override
    public void close() {
        synchronized (MONITOR) {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                HELD.remove(file);
            }
        }
    }
}
