package kdlab.datasets.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import kdlab.datasets.DataException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching from a loopback HTTP server that serves archives the test makes, good and bad. */
class FetcherTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<Long> progress = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            byte[] body = files.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    private static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private DatasetCatalog.Entry entry(String name, RemoteFile... remote) {
        return new DatasetCatalog.Entry(name, "unused", List.of(remote));
    }

    private void assertNothingLeft(String name) throws IOException {
        assertFalse(Files.exists(dir.resolve(name)), "no dataset directory may be left");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "no staging files may be left");
        }
    }

    @Test
    void fetchesPlainFilesAndArchivesAtomically() throws Exception {
        byte[] a = "first file".getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[3 << 20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        files.put("a.gz", a);
        files.put("b.gz", b);
        Path got = new Fetcher().fetch(entry("plain", new RemoteFile("a.gz", md5(a), false), new RemoteFile("b.gz", md5(b), false)),
                base(), dir, (f, n, t) -> progress.add(n));
        assertEquals(dir.resolve("plain"), got);
        assertArrayEquals(a, Files.readAllBytes(got.resolve("a.gz")));
        assertArrayEquals(b, Files.readAllBytes(got.resolve("b.gz")));
        assertTrue(progress.contains((long) b.length), "progress reaches the full length");

        byte[] archive = tarGz(Map.of("cifar-10-batches-bin/test_batch.bin", b, "cifar-10-batches-bin/readme.html", a));
        files.put("c.tar.gz", archive);
        Path unpacked = new Fetcher().fetch(entry("archive", new RemoteFile("c.tar.gz", md5(archive), true)), base(), dir, (f, n, t) -> { });
        assertArrayEquals(b, Files.readAllBytes(unpacked.resolve("cifar-10-batches-bin/test_batch.bin")));
        assertFalse(Files.exists(unpacked.resolve("c.tar.gz")), "the archive itself is not kept");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count(), "only the two datasets, no staging directory");
        }
    }

    @Test
    void corruptArchiveIsRejectedAndNothingIsWritten() throws Exception {
        byte[] good = tarGz(Map.of("x.bin", new byte[100]));
        byte[] corrupt = good.clone();
        corrupt[corrupt.length / 2] ^= 0x55;
        files.put("c.tar.gz", corrupt);
        DataException e = assertThrows(DataException.class,
                () -> new Fetcher().fetch(entry("c", new RemoteFile("c.tar.gz", md5(good), true)), base(), dir, (f, n, t) -> { }));
        assertTrue(e.getMessage().contains("c.tar.gz: checksum mismatch: expected MD5 " + md5(good) + ", found " + md5(corrupt)), e.getMessage());
        assertNothingLeft("c");

        byte[] notGzip = "definitely not a tar.gz".getBytes(StandardCharsets.UTF_8);
        files.put("d.tar.gz", notGzip);
        DataException bad = assertThrows(DataException.class,
                () -> new Fetcher().fetch(entry("d", new RemoteFile("d.tar.gz", md5(notGzip), true)), base(), dir, (f, n, t) -> { }));
        assertTrue(bad.getMessage().contains("expected a .tar.gz archive, found a corrupt one"), bad.getMessage());
        assertNothingLeft("d");
    }

    @Test
    void interruptedTransferLeavesNothing() throws Exception {
        byte[] big = new byte[2 << 20];
        // A raw socket that announces 2 MiB, sends 1 MiB and hangs up, as a dropped connection does.
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread serve = new Thread(() -> {
                try (java.net.Socket s = socket.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + big.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(big, 0, 1 << 20);
                    out.flush();
                } catch (IOException e) {
                    // The client may close first; the test checks the client's view.
                }
            });
            serve.start();
            String url = "http://127.0.0.1:" + socket.getLocalPort() + "/";
            DataException e = assertThrows(DataException.class,
                    () -> new Fetcher().fetch(entry("big", new RemoteFile("big.gz", md5(big), false)), url, dir, (f, n, t) -> { }));
            serve.join(5000);
            assertTrue(e.getMessage().contains("big.gz: transfer interrupted after"), e.getMessage());
            assertTrue(e.getMessage().contains("run the command again"), e.getMessage());
        }
        assertNothingLeft("big");
    }

    @Test
    void missingFileAndUnknownNameAreClearErrors() throws Exception {
        DataException e = assertThrows(DataException.class,
                () -> new Fetcher().fetch(entry("gone", new RemoteFile("gone.gz", "00", false)), base(), dir, (f, n, t) -> { }));
        assertTrue(e.getMessage().endsWith("gone.gz: expected HTTP 200, found 404; nothing was written"), e.getMessage());
        assertNothingLeft("gone");
        DataException unknown = assertThrows(DataException.class, () -> DatasetCatalog.get("imagenet"));
        assertEquals("data fetch: unknown dataset 'imagenet'; expected one of mnist, fashion-mnist, cifar10, cifar100", unknown.getMessage());
    }

    @Test
    void archiveEntriesCannotEscapeTheDatasetDirectory() throws Exception {
        byte[] evil = tarGz(Map.of("../escaped.txt", new byte[] {1}));
        files.put("e.tar.gz", evil);
        DataException e = assertThrows(DataException.class,
                () -> new Fetcher().fetch(entry("e", new RemoteFile("e.tar.gz", md5(evil), true)), base(), dir, (f, n, t) -> { }));
        assertTrue(e.getMessage().contains("points outside the dataset directory"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
        assertNothingLeft("e");
    }
}
