package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import kdlab.models.adapt.ConnectorKind;
import kdlab.models.tap.Features;

/**
 * Hong et al.'s student-teacher feature loss (CVPR 2021, §1.4 of PAPERS.md): the sum over the chosen taps
 * of the mean squared difference between the student's features on noisy inputs and the frozen teacher's
 * features on the clean version of the same inputs. The mean runs over batch and feature dimensions, so
 * λ does not have to be rescaled with the layer width (PAPERS.md's sum-over-features form equals this
 * times the width).
 *
 * <p>With {@code teacher_basis} the teacher's features at one tap are shown as {@code Q h} (Hong et al.'s
 * decomposition knob, finding 3; see {@link TeacherBasis}).
 */
public final class FeatureMatchTerm implements LossTerm {
    private final View trained;
    private final View frozen;
    private final List<String> taps;
    private final java.util.Map<String, ai.djl.nn.Block> connectors;
    private final TeacherBasis basis;

    /**
     * @param trained the student view, normally {@link View#TRAINED_NOISY}
     * @param frozen the teacher view, normally {@link View#FROZEN_CLEAN}
     * @param taps the tap names matched, at least one
     */
    public FeatureMatchTerm(View trained, View frozen, List<String> taps) {
        this(trained, frozen, taps, java.util.Map.of());
    }

    /**
     * @param trained the student view, normally {@link View#TRAINED_NOISY}
     * @param frozen the teacher view, normally {@link View#FROZEN_CLEAN}
     * @param taps the tap names matched, at least one
     * @param connectors by tap name: blocks, trained with the student, that map the student's feature to the
     *     teacher's shape before the comparison; taps without one are compared directly
     */
    public FeatureMatchTerm(View trained, View frozen, List<String> taps, java.util.Map<String, ai.djl.nn.Block> connectors) {
        this(trained, frozen, taps, connectors, TeacherBasis.none());
    }

    /**
     * @param trained the student view, normally {@link View#TRAINED_NOISY}
     * @param frozen the teacher view, normally {@link View#FROZEN_CLEAN}
     * @param taps the tap names matched, at least one
     * @param connectors by tap name: blocks, trained with the student, that map the student's feature to the
     *     teacher's shape before the comparison; taps without one are compared directly
     * @param basis how the teacher's features are presented: {@link TeacherBasis#none()} for as they are
     */
    public FeatureMatchTerm(View trained, View frozen, List<String> taps, java.util.Map<String, ai.djl.nn.Block> connectors, TeacherBasis basis) {
        View.requireTrainedAndFrozen("feature match", trained, frozen);
        if (taps.isEmpty()) {
            throw new IllegalArgumentException("feature match needs at least one tap");
        }
        this.trained = trained;
        this.frozen = frozen;
        this.taps = List.copyOf(taps);
        this.connectors = java.util.Map.copyOf(connectors);
        this.basis = basis;
    }

    /** @return the matched tap names */
    public List<String> taps() {
        return taps;
    }

    @Override
    public String name() {
        return "feature_match";
    }

    @Override
    public java.util.Map<String, ai.djl.nn.Block> parts() {
        return connectors;
    }

    @Override
    public Set<String> frozenTapsRead() {
        return Set.copyOf(taps);
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public NDArray compute(StepView step) {
        Features student = step.features(trained);
        Features teacher = step.features(frozen);
        NDArray sum = null;
        for (String tap : taps) {
            NDArray s = student.tap(tap);
            ai.djl.nn.Block connector = connectors.get(tap);
            if (connector != null) {
                s = step.applyTrained(connector, s);
            }
            NDArray d = meanSquaredDifference(s, basis.present(tap, teacher.tap(tap)));
            sum = sum == null ? d : sum.add(d);
        }
        return sum;
    }

    /**
     * @param student student features [N, ...]
     * @param teacher teacher features of the same shape
     * @return mean over all elements of (student − teacher)²
     */
    public static NDArray meanSquaredDifference(NDArray student, NDArray teacher) {
        if (!student.getShape().equals(teacher.getShape())) {
            throw new IllegalArgumentException(
                    "feature match: student tap shape " + student.getShape() + " differs from teacher's " + teacher.getShape());
        }
        return student.sub(teacher).square().mean();
    }

    /**
     * The settings of {@code type: feature_match}.
     *
     * @param taps the tap names matched, each present in both models (default: every tap name they share)
     * @param connector none (default: shapes must be equal), linear or conv: a connector trained with the
     *     student maps each student tap whose shape differs to the teacher's shape
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     * @param teacherBasis optional: show the teacher's features at one tap as {@code Q h} ({@link TeacherBasis});
     *     absent, they are shown as they are and config.json has no such key
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(List<String> taps, String connector, String student, String teacher,
            @JsonInclude(JsonInclude.Include.NON_NULL) TeacherBasis.Spec teacherBasis) implements TermSpec {
        /**
         * Settings without a teacher basis.
         *
         * @param taps the tap names matched
         * @param connector none, linear or conv
         * @param student the student's input
         * @param teacher the teacher's input
         */
        public Spec(List<String> taps, String connector, String student, String teacher) {
            this(taps, connector, student, teacher, null);
        }

        @Override
        public TermSpec withDefaults() {
            return new Spec(taps == null ? List.of() : taps, connector == null ? "none" : connector, student == null ? "noisy" : student,
                    teacher == null ? "clean" : teacher, teacherBasis);
        }

        @Override
        public TermSpec resolve(TermContext context) {
            Spec d = (Spec) withDefaults();
            List<String> chosen = d.taps().isEmpty() ? shared(context) : d.taps();
            return new Spec(chosen, d.connector(), d.student(), d.teacher(), teacherBasis == null ? null : teacherBasis.resolve(chosen, context.seed()));
        }

        @Override
        public LossTerm build(TermContext context) {
            View trained = context.view("student", student == null ? "noisy" : student, false);
            View frozen = context.view("teacher", teacher == null ? "clean" : teacher, true);
            ConnectorKind kind = Connectors.kind(context, connector == null ? "none" : connector, true);
            List<String> chosen = taps == null || taps.isEmpty() ? shared(context) : taps;
            java.util.Map<String, ai.djl.nn.Block> parts = new java.util.LinkedHashMap<>();
            for (String tap : chosen) {
                Shape ts = context.teacherTap("taps", tap);
                Shape ss = context.studentTap("taps", tap);
                if (!ss.equals(ts)) {
                    if (kind == null) {
                        throw context.error("taps", "tap " + tap + ": the student's activation has shape " + ss + " but the teacher's has " + ts
                                + "; feature matching needs equal shapes: use the teacher's model or set " + context.key("connector") + " to linear or conv");
                    }
                    parts.put(tap, context.initialisePart(Connectors.build(context, kind, tap, ss, ts), tap, ss));
                }
            }
            TeacherBasis basis = teacherBasis == null ? TeacherBasis.none() : teacherBasis.build(context, chosen);
            return new FeatureMatchTerm(trained, frozen, chosen, parts, basis);
        }

        private static List<String> shared(TermContext context) {
            List<String> teacherTaps = context.requireTeacher().tapNames();
            List<String> studentTaps = context.student().tapNames();
            List<String> chosen = new java.util.ArrayList<>();
            for (String t : teacherTaps) {
                if (studentTaps.contains(t)) {
                    chosen.add(t);
                }
            }
            if (chosen.isEmpty()) {
                throw context.error("taps", "the student (" + studentTaps + ") and the teacher (" + teacherTaps + ") share no tap name; list taps to match");
            }
            return chosen;
        }
    }
}
