package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Factor transfer (Kim, Park and Kwak, "Paraphrasing Complex Network: Network Compression via Factor Transfer",
 * NeurIPS 2018), as RepDistiller computes it ({@code distiller_zoo/FT.py}, and {@code Paraphraser} and
 * {@code Translator} in {@code models/util.py}, rate k = 0.5). A paraphraser, an auto-encoder of the teacher's last
 * conv map (three 3×3 convolutions down to int(k·C) channels, three transposed ones back, LeakyReLU 0.1, no batch
 * norm; the transposed convolutions held as their equivalent convolutions, see {@link #decoder}), first learns to reconstruct it: in the initialisation phase (the spec's {@code init_phase}) the loss is
 * the mean squared reconstruction error. In every other phase a translator of the student's map (three 3×3
 * convolutions with batch norm and LeakyReLU 0.1, to int(k·C) channels) is trained to match the paraphraser
 * encoder's factor of the teacher's map: with factor(x) = the per-example L2-normalised channel mean of x²
 * (RepDistiller's {@code FactorTransfer.factor}, p1 = 2; the paper normalises the flattened factor itself), the
 * loss is the mean absolute difference (p2 = 1) of the two factors, the larger average-pooled to the smaller one's
 * spatial size. There the teacher's factor is a fixed target (detached): RepDistiller does not train the
 * paraphraser after its phase.
 */
public final class FactorTransferTerm implements LossTerm {
    /** F.normalize's default floor on a row's norm. */
    private static final float NORM_FLOOR = 1e-12f;
    /** RepDistiller's LeakyReLU slope in both modules. */
    private static final float SLOPE = 0.1f;

    private final View trained;
    private final View frozen;
    private final String studentTap;
    private final String teacherTap;
    private final String initPhase;
    private final Block encoder;
    private final Block decoder;
    private final Block translator;

    /**
     * @param trained the student view
     * @param frozen the teacher view
     * @param studentTap the student's map the translator reads
     * @param teacherTap the teacher's map the paraphraser reads
     * @param initPhase the phase in which the paraphraser learns to reconstruct
     * @param encoder the paraphraser's initialised encoder
     * @param decoder the paraphraser's initialised decoder
     * @param translator the initialised translator
     */
    public FactorTransferTerm(View trained, View frozen, String studentTap, String teacherTap, String initPhase, Block encoder, Block decoder,
            Block translator) {
        View.requireTrainedAndFrozen("factor transfer", trained, frozen);
        this.trained = trained;
        this.frozen = frozen;
        this.studentTap = studentTap;
        this.teacherTap = teacherTap;
        this.initPhase = initPhase;
        this.encoder = encoder;
        this.decoder = decoder;
        this.translator = translator;
    }

    @Override
    public String name() {
        return "ft";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public java.util.Set<String> partsTrainedIn(String phase) {
        // RepDistiller trains the paraphraser alone in its phase, then only the translator: the teacher's factor
        // must stay what the paraphraser learned.
        return initPhase.equals(phase) ? java.util.Set.of("paraphraser_encoder", "paraphraser_decoder") : java.util.Set.of("translator");
    }

    @Override
    public Map<String, Block> parts() {
        Map<String, Block> parts = new LinkedHashMap<>();
        parts.put("paraphraser_encoder", encoder);
        parts.put("paraphraser_decoder", decoder);
        parts.put("translator", translator);
        return parts;
    }

    @Override
    public NDArray compute(StepView step) {
        NDArray teacherMap = step.features(frozen).tap(teacherTap);
        if (initPhase.equals(step.progress().phase())) {
            NDArray reconstructed = step.applyTrained(decoder, step.applyTrained(encoder, teacherMap));
            return reconstruction(reconstructed, teacherMap);
        }
        NDArray teacherFactor = step.applyTrained(encoder, teacherMap).stopGradient();
        return factorTransfer(step.applyTrained(translator, step.features(trained).tap(studentTap)), teacherFactor);
    }

    /**
     * The initialisation phase's loss.
     *
     * @param reconstructed the paraphraser's reconstruction of the teacher's map
     * @param teacherMap the teacher's map, of the same shape
     * @return mean over all elements of (reconstructed − map)²
     */
    public static NDArray reconstruction(NDArray reconstructed, NDArray teacherMap) {
        return FeatureMatchTerm.meanSquaredDifference(reconstructed, teacherMap);
    }

    /**
     * @param map [N, C, H, W]
     * @return [N, H·W]: the channel mean of map², each row divided by max(its L2 norm, 1e-12)
     */
    public static NDArray factor(NDArray map) {
        long n = map.getShape().get(0);
        NDArray f = map.square().mean(new int[] {1}).reshape(n, -1);
        return f.div(Scalars.maximum(f.norm(new int[] {1}, true), NORM_FLOOR));
    }

    /**
     * The loss outside the initialisation phase.
     *
     * @param translated the translator's output on the student's map [N, C', H, W]
     * @param paraphrased the paraphraser encoder's output on the teacher's map [N, C', H', W']
     * @return mean over all elements of |factor(translated) − factor(paraphrased)|, the larger map pooled first
     */
    public static NDArray factorTransfer(NDArray translated, NDArray paraphrased) {
        NDArray[] matched = FeatureMaps.matchSpatial(translated, paraphrased);
        return factor(matched[0]).sub(factor(matched[1])).abs().mean();
    }

    /**
     * @param channels the teacher map's channels C
     * @param rate k
     * @return int(C·k), the factor's channels
     */
    static int factorChannels(long channels, double rate) {
        return (int) (channels * rate);
    }

    private static Conv2d conv3x3(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    /**
     * @param teacherChannels C
     * @param factorChannels C'
     * @return the paraphraser's encoder, uninitialised: conv C→C, C→C', C'→C', each followed by LeakyReLU 0.1
     */
    static Block encoder(int teacherChannels, int factorChannels) {
        SequentialBlock b = new SequentialBlock();
        for (int filters : new int[] {teacherChannels, factorChannels, factorChannels}) {
            b.add(conv3x3(filters)).add(Activation.leakyReluBlock(SLOPE));
        }
        return b;
    }

    /**
     * @param teacherChannels C
     * @param factorChannels C'
     * @return the paraphraser's decoder, uninitialised: 3×3 convolutions C'→C', C'→C, C→C with padding 1, each
     *     followed by LeakyReLU 0.1. RepDistiller's are transposed convolutions with stride 1 and padding 1, which
     *     compute the same functions (a convolution with padding 1 by the kernel flipped in space, in and out
     *     channels swapped); DJL's PyTorch engine has no transposed convolution, so kdlab holds the kernel in that
     *     equivalent form
     */
    static Block decoder(int teacherChannels, int factorChannels) {
        SequentialBlock b = new SequentialBlock();
        for (int filters : new int[] {factorChannels, teacherChannels, teacherChannels}) {
            b.add(conv3x3(filters)).add(Activation.leakyReluBlock(SLOPE));
        }
        return b;
    }

    /**
     * @param studentChannels the student map's channels
     * @param factorChannels C'
     * @return the translator, uninitialised: conv to the student's channels, C', C', each followed by batch norm
     *     and LeakyReLU 0.1
     */
    static Block translator(int studentChannels, int factorChannels) {
        SequentialBlock b = new SequentialBlock();
        for (int filters : new int[] {studentChannels, factorChannels, factorChannels}) {
            b.add(conv3x3(filters)).add(BatchNorm.builder().build()).add(Activation.leakyReluBlock(SLOPE));
        }
        return b;
    }

    /**
     * The settings of {@code type: ft}.
     *
     * @param studentTap the student's map the translator reads (required; RepDistiller: the last conv map, e.g. stage3)
     * @param teacherTap the teacher's map the paraphraser reads (default: the same name)
     * @param rate k, the factor's channels as a fraction of the teacher map's (0.5)
     * @param initPhase the phase in which the paraphraser learns to reconstruct the teacher's map ("init")
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(String studentTap, String teacherTap, Double rate, String initPhase, String student, String teacher) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(studentTap, teacherTap == null ? studentTap : teacherTap, rate == null ? 0.5 : rate, initPhase == null ? "init" : initPhase,
                    student == null ? "noisy" : student, teacher == null ? "clean" : teacher);
        }

        @Override
        public LossTerm build(TermContext context) {
            if (studentTap == null || studentTap.isBlank()) {
                throw context.error("student_tap", "required: the student's last conv map, one of " + String.join(", ", context.student().tapNames()));
            }
            String paraphrased = teacherTap == null ? studentTap : teacherTap;
            Shape s = context.studentTap("student_tap", studentTap);
            Shape t = context.teacherTap(teacherTap == null ? "student_tap" : "teacher_tap", paraphrased);
            String problem = s.dimension() != 4 || t.dimension() != 4 ? "factor transfer needs two feature maps [C, H, W]"
                    : FeatureMaps.poolingProblem(s, t);
            if (problem != null) {
                throw context.error("student_tap", "student tap " + studentTap + " " + s + " and teacher tap " + paraphrased + " " + t + ": " + problem);
            }
            double k = rate == null ? 0.5 : rate;
            int factorChannels = factorChannels(t.get(1), k);
            if (!(k > 0 && k <= 1) || factorChannels < 1) {
                throw context.error("rate", "expected a rate in (0, 1] that leaves the factor at least one of the teacher's " + t.get(1)
                        + " channels, found " + k);
            }
            String phase = initPhase == null ? "init" : initPhase;
            if (phase.isBlank() || StepProgress.MAIN.equals(phase)) {
                throw context.error("init_phase", "expected the name of the phase that trains the paraphraser (not '" + StepProgress.MAIN
                        + "', the main training), found '" + phase + "'");
            }
            View trainedView = context.view("student", student == null ? "noisy" : student, false);
            View frozenView = context.view("teacher", teacher == null ? "clean" : teacher, true);
            int teacherChannels = (int) t.get(1);
            Shape code = new Shape(t.get(0), factorChannels, t.get(2), t.get(3));
            Block encoder = context.initialisePart(encoder(teacherChannels, factorChannels), "paraphraser_encoder", t);
            Block decoder = context.initialisePart(decoder(teacherChannels, factorChannels), "paraphraser_decoder", code);
            Block translator = context.initialisePart(translator((int) s.get(1), factorChannels), "translator", s);
            return new FactorTransferTerm(trainedView, frozenView, studentTap, paraphrased, phase, encoder, decoder, translator);
        }
    }
}
