package io.annals.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Exclusive ownership of an embedded PostgreSQL data directory by one process: an OS file lock on
 * {@code <data-dir>.lock} beside the directory, holding the owner's pid.
 *
 * <p>The lock file sits beside, not inside, the data directory because {@code initdb} refuses a directory that is not
 * empty, and the lock must be taken before {@code initdb} runs. It is never deleted: deleting a lock file lets a
 * process that opened the old file and one that creates a new one both "own" the directory. The OS drops the lock
 * when its process dies, however it dies, while a PostgreSQL that process started keeps running: a free lock with a
 * live postmaster therefore proves the postmaster an orphan.
 */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code dataDir}: {@code ./data/postgres} is locked by {@code ./data/postgres.lock}. */
    static Path lockFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code dataDir} (an absolute, normalised path), creating the lock file and its parent
     * directories when absent, and records this process's pid in it.
     *
     * @throws DataDirectoryInUseException when another process, or another server in this JVM, holds it
     */
    static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Path lockFile = lockFile(dataDir);
        Files.createDirectories(lockFile.getParent());
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new DataDirectoryInUseException(dataDir, OptionalLong.of(ProcessHandle.current().pid()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new DataDirectoryInUseException(dataDir, holderPid(lockFile));
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                    0);
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new DataDirectoryLock(channel, lock);
    }

    /** The pid the holder wrote; empty when it has not written it yet or the file is unreadable. */
    private static OptionalLong holderPid(Path lockFile) {
        try {
            String content = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
            return content.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(content));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
