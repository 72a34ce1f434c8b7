package kdlab.datasets.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import kdlab.datasets.DataException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Downloads a dataset's files into a staging directory beside the target, checks each MD5 sum, unpacks
 * archives there, and only then renames the staging directory to {@code DIR/NAME}. Any failure deletes the
 * staging directory: the target is either complete or absent.
 */
public final class Fetcher {
    /** Receives download progress. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param file the file being downloaded
         * @param bytes bytes received so far
         * @param total the announced length, or -1
         */
        void update(String file, long bytes, long total);
    }

    /** A download that receives nothing for this long is abandoned. */
    private static final long STALL_NANOS = Long.getLong("kdlab.fetch.stallSeconds", 60) * 1_000_000_000L;

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();

    /**
     * @param entry what to fetch
     * @param baseUrl where to fetch it from: the entry's own address, or a mirror
     * @param dir the parent directory; the dataset lands in {@code dir/entry.name()}
     * @param progress progress receiver
     * @return the dataset directory
     * @throws DataException on a network failure, an interrupted transfer, a checksum mismatch or a bad archive
     */
    public Path fetch(DatasetCatalog.Entry entry, String baseUrl, Path dir, Progress progress) {
        Path target = dir.resolve(entry.name());
        if (Files.isDirectory(target)) {
            return target;
        }
        Path staging = dir.resolve("." + entry.name() + ".fetching");
        try {
            Files.createDirectories(dir);
            deleteTree(staging);
            Files.createDirectories(staging);
            for (RemoteFile file : entry.files()) {
                String url = (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + file.name();
                Path downloaded = staging.resolve(file.name());
                download(url, downloaded, file, progress);
                if (file.unpack()) {
                    untar(downloaded, staging);
                    Files.delete(downloaded);
                }
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new DataException("data fetch " + entry.name() + ": cannot write under " + dir + " (" + e.getMessage() + ")", e);
        } finally {
            try {
                deleteTree(staging);
            } catch (IOException e) {
                // The staging directory is hidden and is cleared by the next fetch anyway.
            }
        }
    }

    private void download(String url, Path to, RemoteFile file, Progress progress) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new DataException(url + ": cannot download (" + e.getMessage() + "); nothing was written", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(url + ": download interrupted; nothing was written", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new DataException(url + ": expected HTTP 200, found " + response.statusCode() + "; nothing was written");
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        MessageDigest md5 = md5();
        long received = 0;
        InputStream body = response.body();
        // java.net.http has no read timeout for a body: a watchdog closes a stream that stalls, which turns
        // a silent hang into an "interrupted" error.
        java.util.concurrent.atomic.AtomicLong lastBytes = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        java.util.concurrent.ScheduledExecutorService watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kdlab-fetch-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastBytes.get() > STALL_NANOS) {
                try {
                    body.close();
                } catch (IOException e) {
                    // Closing is the point; a failure to close changes nothing.
                }
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        try (InputStream in = new DigestInputStream(body, md5); OutputStream out = Files.newOutputStream(to)) {
            byte[] buf = new byte[1 << 16];
            long lastReport = 0;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                lastBytes.set(System.nanoTime());
                out.write(buf, 0, n);
                received += n;
                if (received - lastReport >= (1 << 20) || received == total) {
                    progress.update(file.name(), received, total);
                    lastReport = received;
                }
            }
        } catch (IOException e) {
            throw new DataException(url + ": transfer interrupted after " + received + (total > 0 ? " of " + total : "") + " bytes ("
                    + e.getMessage() + "); nothing was written, run the command again", e);
        } finally {
            watchdog.shutdownNow();
        }
        if (total >= 0 && received != total) {
            throw new DataException(url + ": transfer interrupted after " + received + " of " + total + " bytes; nothing was written, run the command again");
        }
        String found = HexFormat.of().formatHex(md5.digest());
        if (!found.equals(file.md5())) {
            throw new DataException(url + ": checksum mismatch: expected MD5 " + file.md5() + ", found " + found
                    + "; the download is corrupt or not the published file; nothing was written");
        }
    }

    private static void untar(Path archive, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        try (InputStream raw = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
            for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new DataException(archive.getFileName() + ": archive entry '" + e.getName() + "' points outside the dataset directory");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataException(archive.getFileName() + ": expected a .tar.gz archive, found a corrupt one (" + e.getMessage() + "); nothing was written", e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
