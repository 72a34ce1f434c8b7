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

/**
 * Reads kdlab's compiled classes (engine, models, datasets) with the JDK's javap and lists the methods that
 * contain a call matching a bytecode pattern, so a rule about call sites covers every one of them.
 */
final class CompiledCalls {
    private static final Pattern METHOD = Pattern.compile("^  (?:[\\w.<>\\[\\], ?]+ )?([\\w$]+)\\(.*\\);$");

    private CompiledCalls() {}

    /**
     * @param call a pattern for a line of javap -c output, e.g. an InterfaceMethod reference
     * @return "Class.method" of every kdlab method with a matching call
     */
    static Set<String> callers(Pattern call) throws Exception {
        List<String> classes = new ArrayList<>();
        classes.addAll(classNames(Path.of(CompiledCalls.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolveSibling("classes")));
        classes.addAll(classNames(location(kdlab.models.Scalars.class)));
        classes.addAll(classNames(location(kdlab.datasets.Batch.class)));
        assertTrue(classes.contains("kdlab.engine.objective.Objective") && classes.contains("kdlab.models.Scalars")
                && classes.contains("kdlab.datasets.DeviceDataset"), "found " + classes.size() + " classes");
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
                } else if (call.matcher(line).find()) {
                    callers.add(c + "." + method);
                }
            }
        }
        return callers;
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
