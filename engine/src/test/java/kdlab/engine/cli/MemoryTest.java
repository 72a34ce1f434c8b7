package kdlab.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native memory stays flat: over 2,250 training steps of a student (teacher forward, feature match, fresh
 * noise each step) the resident set grows by less than 64 MB after step 200. The child JVM's heap is
 * fixed and pre-touched so that heap growth cannot hide or fake a native leak.
 */
class MemoryTest {
    @TempDir
    Path dir;

    @Test
    void residentMemoryIsFlatOverTwoThousandSteps() throws Exception {
        String data = "synthetic:relu-teacher,n=20000,test=100,d=20,classes=4";
        Path teacher = dir.resolve("t");
        assertEquals(0, CliRunner.run("train-teacher", "--data", data, "--model", "mlp:64", "--epochs", "1", "--out", teacher.toString(), "--device", "cpu").exitCode());
        KdlabProcess p = KdlabProcess.start(List.of("-Xms192m", "-Xmx192m", "-XX:+AlwaysPreTouch", "-Dkdlab.diag.rss=true"),
                "train-student", "--teacher", teacher.toString(), "--noise", "gaussian:0.3", "--noise-mode", "fresh", "--feature-weight", "1",
                "--epochs", "5", "--batch-size", "40", "--log-every", "50", "--out", dir.resolve("s").toString(), "--device", "cpu");
        assertEquals(0, p.waitFor(300), String.join("\n", p.lines()));
        Pattern line = Pattern.compile("kdlab-rss step=(\\d+) kb=(\\d+)");
        List<long[]> samples = new ArrayList<>();
        for (String l : p.lines()) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                samples.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        long lastStep = samples.get(samples.size() - 1)[0];
        assertTrue(lastStep >= 2000, "expected at least 2000 steps, found " + lastStep);
        long at200 = samples.stream().filter(s -> s[0] >= 200).findFirst().orElseThrow()[1];
        long end = samples.get(samples.size() - 1)[1];
        long peak = samples.stream().filter(s -> s[0] >= 200).mapToLong(s -> s[1]).max().orElseThrow();
        System.out.printf("RSS at step 200: %d kB, at step %d: %d kB, peak after 200: %d kB%n", at200, lastStep, end, peak);
        assertTrue(peak - at200 < 64 * 1024, "resident memory grew by " + (peak - at200) / 1024 + " MB after step 200");
    }
}
