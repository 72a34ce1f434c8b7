package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kdlab data fetch` through the CLI against a loopback mirror serving files that are not the published ones. */
class DataFetchCommandTest {
    @TempDir
    Path dir;

    @Test
    void corruptDownloadExitsTwoAndWritesNothing() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "not the published file".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            CliRunner.Outcome o = CliRunner.run("data", "fetch", "fashion-mnist", "--dir", dir.toString(),
                    "--mirror", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertEquals(2, o.exitCode(), o.err());
            assertTrue(o.err().contains("train-images-idx3-ubyte.gz: checksum mismatch: expected MD5 8d4fb7e6c68d591d4c3dfef9ec88bf0d"), o.err());
            assertFalse(Files.exists(dir.resolve("fashion-mnist")));
            try (var s = Files.list(dir)) {
                assertEquals(0, s.count(), "no staging directory left");
            }
        } finally {
            server.stop(0);
        }
        CliRunner.Outcome unknown = CliRunner.run("data", "fetch", "imagenet", "--dir", dir.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown dataset 'imagenet'; expected one of mnist, fashion-mnist, cifar10, cifar100"), unknown.err());
    }
}
