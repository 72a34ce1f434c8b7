package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import kdlab.models.adapt.ConnectorKind;

/**
 * The FitNets hint (Romero et al., ICLR 2015): a regressor, trained with the student, maps the student's
 * guided layer to the shape of the teacher's hint layer, and the loss is the mean squared difference of the
 * two — mean over batch and feature elements, as RepDistiller's {@code HintLoss} (MSE) computes it. Unlike
 * Hong et al.'s feature match, the regressor is always there and the two layers may have different names.
 * FitNets trains the hint in a first stage and then the student with KD; kdlab expresses that as a hint term
 * beside KD and cross-entropy, with a {@code warmup} schedule on the others where a stage is wanted.
 */
public final class FitNetsHintTerm implements LossTerm {
    private final View trained;
    private final View frozen;
    private final String studentTap;
    private final String teacherTap;
    private final Block regressor;

    /**
     * @param trained the student view
     * @param frozen the teacher view
     * @param studentTap the guided layer
     * @param teacherTap the hint layer
     * @param regressor the initialised connector from the guided layer's shape to the hint's
     */
    public FitNetsHintTerm(View trained, View frozen, String studentTap, String teacherTap, Block regressor) {
        View.requireTrainedAndFrozen("fitnets", trained, frozen);
        this.trained = trained;
        this.frozen = frozen;
        this.studentTap = studentTap;
        this.teacherTap = teacherTap;
        this.regressor = regressor;
    }

    @Override
    public String name() {
        return "fitnets";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public Map<String, Block> parts() {
        return Map.of("regressor", regressor);
    }

    @Override
    public NDArray compute(StepView step) {
        NDArray guided = step.applyTrained(regressor, step.features(trained).tap(studentTap));
        return hint(guided, step.features(frozen).tap(teacherTap));
    }

    /**
     * @param adapted the regressor's output on the student's guided layer [N, ...]
     * @param hint the teacher's hint layer, of the same shape
     * @return mean over all elements of (adapted − hint)²
     */
    public static NDArray hint(NDArray adapted, NDArray hint) {
        return FeatureMatchTerm.meanSquaredDifference(adapted, hint);
    }

    /**
     * The settings of {@code type: fitnets}.
     *
     * @param studentTap the student's guided layer (required)
     * @param teacherTap the teacher's hint layer (default: the same name)
     * @param connector the regressor: conv (1×1 conv + batch norm, for feature maps of equal size) or linear
     *     (for flat features); default conv for [C, H, W] taps, linear otherwise
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(String studentTap, String teacherTap, String connector, String student, String teacher) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(studentTap, teacherTap == null ? studentTap : teacherTap, connector, student == null ? "noisy" : student,
                    teacher == null ? "clean" : teacher);
        }

        @Override
        public TermSpec resolve(TermContext context) {
            Spec d = (Spec) withDefaults();
            return new Spec(d.studentTap(), d.teacherTap(), connector == null ? defaultConnector(context.teacherTap("teacher_tap", d.teacherTap())) : connector,
                    d.student(), d.teacher());
        }

        private static String defaultConnector(Shape hint) {
            return hint.dimension() == 4 ? "conv" : "linear";
        }

        @Override
        public LossTerm build(TermContext context) {
            if (studentTap == null || studentTap.isBlank()) {
                throw context.error("student_tap", "required: the student's guided layer, one of " + String.join(", ", context.student().tapNames()));
            }
            View trained = context.view("student", student == null ? "noisy" : student, false);
            View frozen = context.view("teacher", teacher == null ? "clean" : teacher, true);
            String hintTap = teacherTap == null ? studentTap : teacherTap;
            Shape ss = context.studentTap("student_tap", studentTap);
            Shape ts = context.teacherTap(teacherTap == null ? "student_tap" : "teacher_tap", hintTap);
            ConnectorKind kind = Connectors.kind(context, connector == null ? defaultConnector(ts) : connector, false);
            Block regressor = context.initialisePart(Connectors.build(context, kind, studentTap, ss, ts), "regressor", ss);
            return new FitNetsHintTerm(trained, frozen, studentTap, hintTap, regressor);
        }
    }
}
