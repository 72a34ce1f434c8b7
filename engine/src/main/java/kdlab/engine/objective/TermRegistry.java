package kdlab.engine.objective;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that maps a term type, as an experiment writes it ({@code objective.NAME.type}, or NAME
 * itself), to the class of its settings. A new method is its term class with a {@code Spec} record and one
 * line here; nothing else in kdlab switches on a method's name.
 */
public final class TermRegistry {
    private static final Map<String, Class<? extends TermSpec>> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("ce", CrossEntropyTerm.Spec.class);
        TYPES.put("mse", SquaredErrorTerm.Spec.class);
        TYPES.put("feature_match", FeatureMatchTerm.Spec.class);
        TYPES.put("kd", KnowledgeDistillationTerm.Spec.class);
        TYPES.put("fitnets", FitNetsHintTerm.Spec.class);
        TYPES.put("pi", PrivilegedInformationTerm.Spec.class);
        TYPES.put("pi_mse", PrivilegedInformationSquaredTerm.Spec.class);
        TYPES.put("at", AttentionTransferTerm.Spec.class);
        TYPES.put("lipschitz", LipschitzPenaltyTerm.Spec.class);
        TYPES.put("consistency", ConsistencyTerm.Spec.class);
        TYPES.put("dkd", DecoupledKdTerm.Spec.class);
        TYPES.put("sp", SimilarityPreservingTerm.Spec.class);
        TYPES.put("ls_ce", LabelSmoothingTerm.Spec.class);
        TYPES.put("pkt", ProbabilisticTransferTerm.Spec.class);
        TYPES.put("rkd", RelationalTerm.Spec.class);
        TYPES.put("nst", NeuronSelectivityTerm.Spec.class);
        TYPES.put("cc", CorrelationCongruenceTerm.Spec.class);
        TYPES.put("crd", CrdTerm.Spec.class);
        TYPES.put("vid", VariationalInformationTerm.Spec.class);
        TYPES.put("ab", ActivationBoundaryTerm.Spec.class);
        TYPES.put("ft", FactorTransferTerm.Spec.class);
        TYPES.put("fsp", FlowOfSolutionTerm.Spec.class);
    }

    private TermRegistry() {}

    /** @return the registered type names, in registration order */
    public static List<String> types() {
        return List.copyOf(TYPES.keySet());
    }

    /**
     * @param type a term type
     * @return the class of its settings, or null when the type is not registered
     */
    public static Class<? extends TermSpec> spec(String type) {
        return TYPES.get(type);
    }

    /**
     * @param spec a term's settings
     * @return its registered type name
     * @throws IllegalArgumentException when its class is not registered
     */
    public static String typeOf(TermSpec spec) {
        for (var e : TYPES.entrySet()) {
            if (e.getValue() == spec.getClass()) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException(spec.getClass().getName() + " is not a registered term spec");
    }
}
