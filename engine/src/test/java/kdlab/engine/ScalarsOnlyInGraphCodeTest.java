package kdlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import kdlab.models.Scalars;
import org.junit.jupiter.api.Test;

/**
 * No method of kdlab's models or engine hands a Java number to {@code NDArray.mul/div/maximum/minimum/pow}
 * unless it is on the list below of methods that build no autograd graph (optimizer updates, metric sums, state
 * updates, initialisation). Such a number becomes a tensor over memory the JVM may free before the backward pass
 * reads it (see {@link Scalars}); graph code uses {@code Scalars} instead. Read from the compiled classes with
 * the JDK's javap, so no call site can hide.
 */
class ScalarsOnlyInGraphCodeTest {
    /** Methods, as "Class.method", that call op(Number) outside any gradient graph. */
    private static final Set<String> OUTSIDE_THE_GRAPH = Set.of(
            "kdlab.engine.optim.AdamOptimizer.update",
            "kdlab.engine.optim.SgdOptimizer.update",
            "kdlab.engine.train.MetricAccumulator.add",
            "kdlab.engine.objective.ConsistencyTerm.afterStep",
            "kdlab.engine.objective.CrdTerm.update",
            "kdlab.engine.objective.CrdTerm$NegativeSampler.draw",
            "kdlab.models.ntk.FixedSignReadout.randomSigns",
            // Scoring after training: probabilities from an inference pass, no graph to keep the scalar alive.
            "kdlab.engine.job.Calibration.binSums");

    private static final Pattern CALL = Pattern.compile("InterfaceMethod ai/djl/ndarray/NDArray\\.(mul|div|maximum|minimum|pow):\\(Ljava/lang/Number;\\)");
    private static final Pattern METHOD = Pattern.compile("^  (?:[\\w.<>\\[\\], ?]+ )?([\\w$]+)\\(.*\\);$");

    @Test
    void graphCodeNeverPassesANumberToDjlArithmetic() throws Exception {
        List<String> classes = new ArrayList<>();
        classes.addAll(classNames(Path.of(ScalarsOnlyInGraphCodeTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolveSibling("classes")));
        classes.addAll(classNames(location(Scalars.class)));
        assertTrue(classes.contains("kdlab.engine.objective.Objective") && classes.contains("kdlab.models.Scalars"), "found " + classes.size() + " classes");
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        Set<String> callers = new TreeSet<>();
        for (String c : classes) {
            StringWriter out = new StringWriter();
            int rc = javap.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-p", "-c", "-cp", System.getProperty("java.class.path"), c);
            assertEquals(0, rc, "javap " + c);
            String method = null;
            for (String line : out.toString().split("\n")) {
                Matcher m = METHOD.matcher(line);
                if (m.matches()) {
                    method = m.group(1);
                } else if (CALL.matcher(line).find()) {
                    callers.add(c + "." + method);
                }
            }
        }
        callers.removeAll(OUTSIDE_THE_GRAPH);
        assertEquals(Set.of(), callers, "methods passing a Java number to NDArray arithmetic: use kdlab.models.Scalars, or, when the method builds no"
                + " gradient graph, add it to OUTSIDE_THE_GRAPH");
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Class names under kdlab/ in a classes directory or a jar. */
    private static List<String> classNames(Path where) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> s = Files.walk(where)) {
                s.filter(p -> p.toString().endsWith(".class")).forEach(p -> names.add(name(where.relativize(p).toString())));
            }
        } else {
            try (ZipFile jar = new ZipFile(where.toFile())) {
                jar.stream().filter(e -> e.getName().startsWith("kdlab/") && e.getName().endsWith(".class")).forEach(e -> names.add(name(e.getName())));
            }
        }
        return names;
    }

    private static String name(String file) {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.').replace('\\', '.');
    }
}
