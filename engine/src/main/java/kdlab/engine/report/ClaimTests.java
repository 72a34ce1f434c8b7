package kdlab.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import kdlab.engine.UsageException;

/** The claim tests by the name a claim's {@code test} key gives. */
public final class ClaimTests {
    /** Every test. */
    public static final Map<String, ClaimTest> TESTS = Map.of(
            "paired_difference", new PairedDifferenceTest(),
            "equal_within", new EqualWithinTest(),
            "slope", new SlopeTest());

    /**
     * The {@code test} of a claim that a study's own analysis decides ({@link kdlab.engine.study.StudyAnalysis}):
     * the study file states it and its rule in words, and the report takes its verdict from the analysis.
     */
    public static final String DECIDED_BY_ANALYSIS = "analysis";

    private ClaimTests() {}

    /**
     * Reads a claim, checks its keys against its test's and decides it.
     *
     * @param node the claim as written
     * @param source where it was read, for messages
     * @param rows the rows of its sweep
     * @return the verdict
     * @throws UsageException naming the claim when it is malformed or matches no rows
     */
    public static Verdict decide(JsonNode node, String source, List<ResultRow> rows) {
        ClaimSpec spec = ClaimSpec.parse(node, source);
        ClaimTest test = TESTS.get(spec.test());
        if (test == null) {
            throw spec.error("test: expected one of " + String.join(", ", new TreeSet<>(TESTS.keySet())) + ", found '" + spec.test() + "'");
        }
        Set<String> allowed = new HashSet<>(ClaimSpec.COMMON);
        allowed.addAll(test.keys());
        spec.checkKeys(allowed);
        return test.decide(spec, rows);
    }

    /**
     * @param claims a sweep's {@code analysis.claims}
     * @param source where the list was read
     * @param rows the sweep's rows
     * @return one verdict per claim, in order
     */
    public static List<Verdict> decideAll(JsonNode claims, String source, List<ResultRow> rows) {
        if (!claims.isArray()) {
            throw new UsageException(source + ": expected a list of claims, found " + ClaimSpec.kind(claims));
        }
        List<Verdict> out = new java.util.ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            if (!DECIDED_BY_ANALYSIS.equals(claims.get(i).path("test").asText())) {
                out.add(decide(claims.get(i), source + "[" + i + "]", rows));
            }
        }
        return out;
    }
}
