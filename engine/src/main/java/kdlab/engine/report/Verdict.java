package kdlab.engine.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A study's verdict on one claim, decided by a rule the study file states before any run.
 *
 * @param id the claim's identifier in the study file
 * @param claim the claim, in words
 * @param effect the measured effect with its spread, in words (e.g. "+1.8 ± 0.4 points (mean ± s.e., 3 seeds)")
 * @param outcome {@link #HOLDS}, {@link #DOES_NOT_HOLD} or {@link #INCONCLUSIVE}
 * @param rule the decision rule, in words
 */
public record Verdict(
        @JsonProperty("id") String id,
        @JsonProperty("claim") String claim,
        @JsonProperty("effect") String effect,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("rule") String rule) {
    /** The claim is supported by the rule. */
    public static final String HOLDS = "holds";
    /** The rule finds the opposite. */
    public static final String DOES_NOT_HOLD = "does not hold";
    /** Neither: too few seeds, or an effect within its spread. */
    public static final String INCONCLUSIVE = "inconclusive";
}
