package kdlab.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kdlab.engine.UsageException;
import kdlab.engine.run.Json;
import org.junit.jupiter.api.Test;

/** Every claim test and every outcome of its rule, on hand-made rows with effects worked out by hand. */
class ClaimTestsTest {
    /** Rows of axis method (control, treatment) and seeds 0..n-1 with the given test accuracies. */
    static List<ResultRow> paired(double[] control, double[] treatment) {
        List<ResultRow> rows = new ArrayList<>();
        for (int s = 0; s < control.length; s++) {
            rows.add(ReportFixtures.row(Map.of("method", "control"), s, Map.of("test_accuracy", control[s])));
        }
        for (int s = 0; s < treatment.length; s++) {
            rows.add(ReportFixtures.row(Map.of("method", "treatment"), s, Map.of("test_accuracy", treatment[s])));
        }
        return rows;
    }

    static Verdict decide(String json, List<ResultRow> rows) {
        try {
            return ClaimTests.decide(Json.MAPPER.readTree(json), "study.yaml claims[0]", rows);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static final String PAIRED = "{\"id\": \"c1\", \"claim\": \"the treatment helps\", \"test\": \"paired_difference\", \"metric\": \"test_accuracy\", "
            + "\"axis\": \"method\", \"treatment\": \"treatment\", \"control\": \"control\"";

    @Test
    void pairedDifferenceHolds() {
        // differences 0.03, 0.04, 0.02: mean 0.03, std 0.01, se 0.01 / sqrt 3 = 0.00577; 0.03 > 2 se
        Verdict v = decide(PAIRED + "}", paired(new double[] {0.80, 0.80, 0.80}, new double[] {0.83, 0.84, 0.82}));
        assertEquals(Verdict.HOLDS, v.outcome());
        assertEquals("+0.0300 ± 0.0058 (mean ± s.e. over 3 pairs; std 0.0100)", v.effect());
        assertEquals("c1", v.id());
        assertEquals("the treatment helps", v.claim());
        assertTrue(v.rule().contains("holds if pairs ≥ 3 and mean > 2 s.e."), v.rule());
    }

    @Test
    void pairedDifferenceDoesNotHold() {
        Verdict v = decide(PAIRED + "}", paired(new double[] {0.83, 0.84, 0.82}, new double[] {0.80, 0.80, 0.80}));
        assertEquals(Verdict.DOES_NOT_HOLD, v.outcome());
        assertEquals("-0.0300 ± 0.0058 (mean ± s.e. over 3 pairs; std 0.0100)", v.effect());
    }

    @Test
    void pairedDifferenceWithinItsSpreadIsInconclusive() {
        // differences +0.02, -0.01, +0.005: mean 0.005, deviations 0.015, -0.015, 0: std 0.015, se 0.00866; 0.005 < 2 se
        Verdict v = decide(PAIRED + "}", paired(new double[] {0.80, 0.80, 0.80}, new double[] {0.82, 0.79, 0.805}));
        assertEquals(Verdict.INCONCLUSIVE, v.outcome());
        assertEquals("+0.0050 ± 0.0087 (mean ± s.e. over 3 pairs; std 0.0150)", v.effect());
    }

    @Test
    void tooFewPairsIsInconclusiveHoweverLargeTheEffect() {
        // seed 2 of the treatment is missing: two pairs, 0.1 and 0.1001, under min_seeds 3
        Verdict v = decide(PAIRED + "}", paired(new double[] {0.5, 0.5, 0.5}, new double[] {0.6, 0.6001}));
        assertEquals(Verdict.INCONCLUSIVE, v.outcome());
        assertTrue(v.effect().endsWith("over 2 pairs; std 0.0001)"), v.effect());
        // the same two pairs decide once the rule asks for two
        assertEquals(Verdict.HOLDS, decide(PAIRED + ", \"rule\": {\"min_seeds\": 2}}", paired(new double[] {0.5, 0.5, 0.5}, new double[] {0.6, 0.6001})).outcome());
    }

    @Test
    void sigmasSetsTheMargin() {
        // mean 0.03, se 0.00577: 0.03 / 0.00577 = 5.2 standard errors
        List<ResultRow> rows = paired(new double[] {0.80, 0.80, 0.80}, new double[] {0.83, 0.84, 0.82});
        assertEquals(Verdict.HOLDS, decide(PAIRED + ", \"rule\": {\"sigmas\": 5}}", rows).outcome());
        assertEquals(Verdict.INCONCLUSIVE, decide(PAIRED + ", \"rule\": {\"sigmas\": 5.5}}", rows).outcome());
    }

    @Test
    void directionLessClaimsADecrease() {
        List<ResultRow> lower = paired(new double[] {0.83, 0.84, 0.82}, new double[] {0.80, 0.80, 0.80});
        Verdict v = decide(PAIRED + ", \"direction\": \"less\"}", lower);
        assertEquals(Verdict.HOLDS, v.outcome());
        assertEquals("-0.0300 ± 0.0058 (mean ± s.e. over 3 pairs; std 0.0100)", v.effect(), "the effect is still treatment - control");
        assertTrue(v.rule().contains("mean < −2 s.e.;"), v.rule());
        List<ResultRow> higher = paired(new double[] {0.80, 0.80, 0.80}, new double[] {0.83, 0.84, 0.82});
        assertEquals(Verdict.DOES_NOT_HOLD, decide(PAIRED + ", \"direction\": \"less\"}", higher).outcome());
    }

    @Test
    void pairsAreMatchedBySeedAndTheOtherAxes() {
        // with a second axis, the pair (width=4, seed 0) must not be matched with (width=8, seed 0)
        List<ResultRow> rows = new ArrayList<>();
        for (String width : List.of("4", "8")) {
            double base = width.equals("4") ? 0.5 : 0.9;
            for (int s = 0; s < 3; s++) {
                rows.add(ReportFixtures.row(Map.of("width", width, "method", "control"), s, Map.of("test_accuracy", base)));
                rows.add(ReportFixtures.row(Map.of("width", width, "method", "treatment"), s, Map.of("test_accuracy", base + 0.01 * (s + 1))));
            }
        }
        Verdict v = decide(PAIRED + "}", rows);
        // differences 0.01, 0.02, 0.03 twice: mean 0.02, std sqrt(0.0004 * 2 * 2 / 5) = 0.008944, se 0.003651
        assertEquals("+0.0200 ± 0.0037 (mean ± s.e. over 6 pairs; std 0.0089)", v.effect());
        assertEquals(Verdict.HOLDS, v.outcome());
        Verdict narrow = decide(PAIRED + ", \"where\": {\"width\": 8}}", rows);
        assertTrue(narrow.effect().contains("over 3 pairs"), narrow.effect());
    }

    static final String EQUAL = "{\"id\": \"e1\", \"claim\": \"no change\", \"test\": \"equal_within\", \"metric\": \"test_accuracy\", "
            + "\"axis\": \"method\", \"treatment\": \"treatment\", \"control\": \"control\", \"tolerance\": ";

    @Test
    void equalWithinHoldsFailsAndIsInconclusive() {
        // differences 0.003, 0.004, 0.002: mean 0.003, se 0.000577; |mean| + 2 se = 0.00415, |mean| - 2 se = 0.00185
        List<ResultRow> rows = paired(new double[] {0.80, 0.80, 0.80}, new double[] {0.803, 0.804, 0.802});
        Verdict holds = decide(EQUAL + "0.005}", rows);
        assertEquals(Verdict.HOLDS, holds.outcome());
        assertEquals("+0.0030 ± 0.0006 (mean ± s.e. over 3 pairs; std 0.0010)", holds.effect());
        assertTrue(holds.rule().contains("|mean| + 2 s.e. ≤ 0.005"), holds.rule());
        assertEquals(Verdict.DOES_NOT_HOLD, decide(EQUAL + "0.0015}", rows).outcome());
        assertEquals(Verdict.INCONCLUSIVE, decide(EQUAL + "0.003}", rows).outcome());
        assertEquals(Verdict.INCONCLUSIVE, decide(EQUAL + "0.005, \"rule\": {\"min_seeds\": 4}}", rows).outcome());
    }

    static List<ResultRow> temperatureRows(double slope) {
        // y = 0.5 + slope * T + residual over T = 1, 2, 3, 4, the residuals of seeds 0, 1, 2 being +0.01, -0.01, 0 at
        // every T: the fit is the slope exactly, SSE = 4 * 0.0002, Sxx = 3 * 5, se = sqrt(0.0008 / 10 / 15) = 0.002309
        List<ResultRow> rows = new ArrayList<>();
        double[] residual = {0.01, -0.01, 0};
        for (int t = 1; t <= 4; t++) {
            for (int s = 0; s < 3; s++) {
                double y = 0.5 + slope * t + residual[s];
                rows.add(ReportFixtures.row(Map.of("temperature", String.valueOf(t)), s, Map.of("test_accuracy", y, "teacher_test_accuracy", 0.1 * t)));
            }
        }
        return rows;
    }

    static final String SLOPE = "{\"id\": \"s1\", \"claim\": \"warmer is better\", \"test\": \"slope\", \"metric\": \"test_accuracy\", ";

    @Test
    void slopeHoldsFailsAndIsInconclusive() {
        Verdict up = decide(SLOPE + "\"x\": \"temperature\"}", temperatureRows(0.02));
        assertEquals(Verdict.HOLDS, up.outcome());
        assertEquals("+0.0200 ± 0.0023 per unit of temperature (slope ± s.e. over 12 runs, 3 seeds)", up.effect());
        assertEquals(Verdict.DOES_NOT_HOLD, decide(SLOPE + "\"x\": \"temperature\"}", temperatureRows(-0.02)).outcome());
        assertEquals(Verdict.INCONCLUSIVE, decide(SLOPE + "\"x\": \"temperature\"}", temperatureRows(0.0)).outcome());
        assertEquals(Verdict.HOLDS, decide(SLOPE + "\"x\": \"temperature\", \"direction\": \"less\"}", temperatureRows(-0.02)).outcome());
        assertEquals(Verdict.INCONCLUSIVE, decide(SLOPE + "\"x\": \"temperature\", \"rule\": {\"min_seeds\": 4}}", temperatureRows(0.02)).outcome(),
                "min_seeds counts distinct seeds, here 3");
    }

    @Test
    void slopeStandardErrorIsTheLeastSquaresOne() {
        List<ResultRow> rows = temperatureRows(0.02);
        double[] x = rows.stream().mapToDouble(r -> r.number("temperature")).toArray();
        double[] y = rows.stream().mapToDouble(r -> r.number("test_accuracy")).toArray();
        Stats.Fit fit = Stats.slope(x, y);
        Verdict v = decide(SLOPE + "\"x\": \"temperature\"}", rows);
        assertEquals(String.format(java.util.Locale.ROOT, "%+.4f ± %.4f", fit.slope(), fit.standardError()), v.effect().substring(0, v.effect().indexOf(" per")));
    }

    @Test
    void slopeOnAResultsColumn() {
        // teacher_test_accuracy = 0.1 T, so the slope on it is ten times the slope on T
        Verdict v = decide(SLOPE + "\"x_metric\": \"teacher_test_accuracy\"}", temperatureRows(0.02));
        assertEquals(Verdict.HOLDS, v.outcome());
        assertEquals("+0.2000 ± 0.0231 per unit of teacher_test_accuracy (slope ± s.e. over 12 runs, 3 seeds)", v.effect());
    }

    @Test
    void whereAcceptsAListOfValues() {
        // as in studies/hong-teacher-knowledge.yaml: the runs with a teacher, not the baseline without one
        List<ResultRow> rows = new ArrayList<>();
        double[][] acc = {{0.50, 0.52, 0.51}, {0.60, 0.61, 0.62}, {0.70, 0.72, 0.71}};
        String[] teachers = {"none", "n200", "all"};
        double[] teacherAcc = {Double.NaN, 0.7, 0.9};
        for (int t = 0; t < 3; t++) {
            for (int s = 0; s < 3; s++) {
                java.util.Map<String, Double> m = new java.util.HashMap<>(Map.of("test_accuracy_noisy", acc[t][s]));
                if (t > 0) {
                    m.put("teacher_test_accuracy", teacherAcc[t]);
                }
                rows.add(ReportFixtures.row(Map.of("teacher", teachers[t]), s, m));
            }
        }
        Verdict v = decide("{\"id\": \"k\", \"claim\": \"knowledge helps\", \"test\": \"slope\", \"metric\": \"test_accuracy_noisy\", "
                + "\"x_metric\": \"teacher_test_accuracy\", \"where\": {\"teacher\": [\"n200\", \"all\"]}}", rows);
        // n200 mean 0.61, all mean 0.71 at x 0.7 and 0.9: slope 0.1 / 0.2 = 0.5 over 6 runs
        assertEquals(Verdict.HOLDS, v.outcome());
        assertTrue(v.effect().startsWith("+0.5000 ± ") && v.effect().contains("over 6 runs, 3 seeds"), v.effect());
        UsageException none = assertThrows(UsageException.class, () -> decide("{\"id\": \"k\", \"claim\": \"c\", \"test\": \"slope\", "
                + "\"metric\": \"test_accuracy_noisy\", \"x_metric\": \"teacher_test_accuracy\", \"where\": {\"teacher\": [\"n5000\", \"n1000\"]}}", rows));
        assertTrue(none.getMessage().contains("teacher=n5000 or n1000") && none.getMessage().contains("none, n200, all"), none.getMessage());
    }

    @Test
    void claimsNamingNothingAreRefusedWithWhatExists() {
        List<ResultRow> rows = paired(new double[] {0.8, 0.8, 0.8}, new double[] {0.9, 0.9, 0.9});
        UsageException metric = assertThrows(UsageException.class, () -> decide(PAIRED.replace("\"test_accuracy\"", "\"test_acc\"") + "}", rows));
        assertTrue(metric.getMessage().contains("claim 'c1'") && metric.getMessage().contains("test_acc") && metric.getMessage().contains("test_accuracy_noisy"),
                metric.getMessage());
        UsageException axis = assertThrows(UsageException.class, () -> decide(PAIRED.replace("\"axis\": \"method\"", "\"axis\": \"methd\"") + "}", rows));
        assertTrue(axis.getMessage().contains("claim 'c1'") && axis.getMessage().contains("axes: method"), axis.getMessage());
        UsageException value = assertThrows(UsageException.class, () -> decide(PAIRED.replace("\"treatment\": \"treatment\"", "\"treatment\": \"st\"") + "}", rows));
        assertTrue(value.getMessage().contains("method=st") && value.getMessage().contains("control, treatment"), value.getMessage());
        UsageException where = assertThrows(UsageException.class, () -> decide(PAIRED + ", \"where\": {\"seed\": 7}}", rows));
        assertTrue(where.getMessage().contains("seed=7") && where.getMessage().contains("0, 1, 2"), where.getMessage());
        UsageException noValues = assertThrows(UsageException.class, () -> decide(PAIRED.replace("\"test_accuracy\"", "\"test_accuracy_noisy\"") + "}", rows));
        assertTrue(noValues.getMessage().contains("no finished run has a number"), noValues.getMessage());
        UsageException key = assertThrows(UsageException.class, () -> decide(PAIRED + ", \"tolerance\": 1}", rows));
        assertTrue(key.getMessage().contains("unknown key 'tolerance'"), key.getMessage());
        UsageException test = assertThrows(UsageException.class, () -> decide(PAIRED.replace("paired_difference", "t_test") + "}", rows));
        assertTrue(test.getMessage().contains("equal_within, paired_difference, slope"), test.getMessage());
        UsageException text = assertThrows(UsageException.class, () -> decide(SLOPE + "\"x\": \"method\"}", rows));
        assertTrue(text.getMessage().contains("numeric values"), text.getMessage());
    }

    @Test
    void unfinishedRowsMakeAClaimInconclusiveNotAnError() {
        List<ResultRow> rows = new ArrayList<>();
        for (ResultRow r : paired(new double[] {0.8, 0.8, 0.8}, new double[] {0.9, 0.9, 0.9})) {
            Map<String, String> v = new java.util.LinkedHashMap<>(r.values());
            v.put(ResultColumns.TEST_ACCURACY, "");
            v.put(ResultColumns.STATUS, ResultColumns.MISSING);
            rows.add(new ResultRow(r.sweep(), r.run(), r.group(), r.axes(), v));
        }
        Verdict v = decide(PAIRED + "}", rows);
        assertEquals(Verdict.INCONCLUSIVE, v.outcome());
        assertEquals("no finished pairs", v.effect());
    }
}
