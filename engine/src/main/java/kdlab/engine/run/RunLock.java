package kdlab.engine.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import kdlab.engine.UsageException;

/**
 * The single owner of a run directory while it trains. A second kdlab on the same {@code --out} (to resume,
 * overwrite or start it) is refused with the owner's PID before it changes anything there.
 *
 * <p>The lock is an operating-system lock on {@code .kdlab.lock} inside the run directory, so it dies with
 * its process: a lock file left by a killed run is simply taken over. The file is never deleted, because
 * deleting a lock file lets two processes lock two different files of the same name.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name inside a run directory. */
    public static final String FILE = ".kdlab.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code root}, creating the directory when it does not exist.
     *
     * @param root the run directory
     * @param log where a take-over of a dead owner's lock is reported
     * @return the held lock; close it when the run ends
     * @throws UsageException when another live process holds it, naming that process
     */
    public static RunLock acquire(Path root, PrintStream log) {
        RunLock lock = tryAcquire(root, log);
        if (lock == null) {
            throw owned(root, owner(root));
        }
        return lock;
    }

    /**
     * Takes the lock of {@code root} when no live process holds it, creating the directory when it does not exist:
     * for a sweep, which moves on to another cell rather than failing.
     *
     * @param root the run directory
     * @param log where a take-over of a dead owner's lock is reported
     * @return the held lock, or null when another live process holds it
     */
    public static RunLock tryAcquire(Path root, PrintStream log) {
        Path file = root.resolve(FILE);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UsageException("--out " + root + ": cannot create the run directory (" + e.getMessage() + ")", e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            String previous = read(channel);
            if (!previous.isBlank()) {
                log.printf(Locale.ROOT, "kdlab: %s: taking over the lock of %s, which is no longer running%n", root, describe(previous));
            }
            String owner = ProcessHandle.current().pid() + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UsageException("--out " + root + ": cannot lock the run directory (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param root a run directory
     * @return whether a live process holds its lock now (without taking it)
     */
    public static boolean isHeld(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return true;
            }
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param root a run directory
     * @return the PID its lock file names, or "" when none
     */
    public static String owner(Path root) {
        try (FileChannel channel = FileChannel.open(root.resolve(FILE), StandardOpenOption.READ)) {
            return read(channel);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Refuses a directory that a live process trains in, without taking the lock or changing any file: for a
     * command that will be refused anyway when the directory holds a run, so the refusal names the owner.
     *
     * @param root the run directory
     * @throws UsageException when another live process holds its lock
     */
    public static void refuseIfOwned(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw owned(root, read(channel));
            }
            lock.release();
        } catch (IOException e) {
            throw new UsageException("--out " + root + ": cannot read the run's lock file " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static UsageException owned(Path root, String pid) {
        return new UsageException("--out " + root + ": another kdlab process (" + describe(pid)
                + ") is training in this directory; wait for it to finish or stop it, then add --resume to continue it");
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        int n = channel.read(buf, 0);
        return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.US_ASCII).trim();
    }

    private static String describe(String pid) {
        return pid.isBlank() ? "PID unknown" : "PID " + pid;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the first error is the one to report.
            }
        }
    }

    /** Releases the lock; the file stays, empty of an owner. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // The OS drops the lock when the channel or the process goes; nothing is left to undo.
            closeQuietly(channel);
        }
    }
}
