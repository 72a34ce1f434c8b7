package kdlab.engine.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import kdlab.engine.Seeds;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Hong et al.'s decomposition knob (CVPR 2021, finding 3 "well-decomposed knowledge transfers better";
 * PAPERS.md §1.4): {@code feature_match} shows the student the teacher's features at one tap as {@code Q h}
 * instead of {@code h}, with {@code Q} a fixed invertible matrix made once per run.
 *
 * <p>For a <b>linear</b> teacher this is exactly training against the reparametrised teacher
 * {@code (Q W1, W2 Q⁻¹)}: that teacher computes the same function, its features at the tap are {@code Q h}, and
 * its deeper features and output are unchanged ({@code W2 Q⁻¹ Q h = W2 h}), so nothing else the student could
 * see differs. Biases go along: the tap's affine map {@code W1 x + b1} becomes {@code Q W1 x + Q b1}. The
 * knob therefore changes only how the teacher's knowledge is split across hidden units, not what it knows.
 *
 * <p>For a <b>ReLU</b> (or any element-wise non-linear) teacher a general {@code Q} is <b>not</b>
 * function-preserving: only permutations and positive diagonal scalings commute with the activation. There the
 * option means "match the student to a fixed linear mixing of the teacher's post-activation features": a
 * target that no network of the teacher's architecture need produce (a student's post-ReLU features cannot
 * even reach the negative entries of {@code Q h}), and no reparametrised teacher stands behind it. It then
 * measures how a student copes with a distorted hint, not the decomposition of one fixed function; use a
 * linear teacher (identity activations) for finding 3 proper.
 *
 * <p>The tap's features are flattened per example to a vector of {@code width} elements, so {@code Q} is
 * {@code width × width}; for a convolutional tap it mixes channels and positions alike.
 */
public final class TeacherBasis {
    private static final TeacherBasis NONE = new TeacherBasis(null, null);

    private final String tap;
    private final NDArray transposed;

    private TeacherBasis(String tap, NDArray transposed) {
        this.tap = tap;
        this.transposed = transposed;
    }

    /** @return the basis that presents every tap unchanged, what {@code feature_match} uses without the option */
    public static TeacherBasis none() {
        return NONE;
    }

    /**
     * @param tap the tap whose teacher features are presented as {@code Q h}
     * @param q the square matrix {@code Q}, width × width
     * @param manager the run's long-lived manager: {@code Q} lives as long as the run, made once and not per step
     * @return the basis
     */
    public static TeacherBasis of(String tap, DMatrixRMaj q, NDManager manager) {
        if (q.numRows != q.numCols) {
            throw new IllegalArgumentException("teacher basis: Q must be square, found " + q.numRows + " x " + q.numCols);
        }
        DMatrixRMaj t = CommonOps_DDRM.transpose(q, null);
        float[] values = new float[t.data.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) t.data[i];
        }
        return new TeacherBasis(tap, manager.create(values, new Shape(q.numRows, q.numCols)));
    }

    /** @return the tap this basis changes, or null for {@link #none()} */
    public String tap() {
        return tap;
    }

    /**
     * @param name a tap name
     * @param features the teacher's features at that tap, [N, ...]
     * @return {@code Q h} per example at this basis's tap, the features themselves at any other
     */
    public NDArray present(String name, NDArray features) {
        return name.equals(tap) ? present(features, transposed) : features;
    }

    /**
     * The pure function behind {@link #present(String, NDArray)}: with examples as rows, {@code (Q h)ᵀ = hᵀ Qᵀ}.
     *
     * @param features [N, ...] with width elements per example
     * @param transposed {@code Qᵀ}, [width, width]
     * @return {@code Q h} for each example, in the features' shape; it belongs to the features' manager, so it
     *     closes with the batch
     */
    public static NDArray present(NDArray features, NDArray transposed) {
        Shape shape = features.getShape();
        long n = shape.get(0);
        if (shape.size() / n != transposed.getShape().get(0)) {
            throw new IllegalArgumentException(
                    "teacher basis: features of shape " + shape + " have " + shape.size() / n + " elements per example, Q is " + transposed.getShape());
        }
        return features.reshape(n, -1).matMul(transposed).reshape(shape);
    }

    /**
     * A Haar-distributed random orthogonal matrix: the Q factor of a standard Gaussian matrix with each column
     * multiplied by the sign of R's diagonal entry, which makes the factorisation unique and the distribution
     * uniform over the orthogonal group (Mezzadri, "How to generate random matrices from the classical compact
     * groups", Notices AMS 2007).
     *
     * @param n the size
     * @param random the source of the Gaussian entries
     * @return an n × n orthogonal matrix
     */
    public static DMatrixRMaj haarOrthogonal(int n, Random random) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = random.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
        if (!qr.decompose(a)) {
            throw new IllegalStateException("teacher basis: QR of a " + n + " x " + n + " Gaussian matrix failed");
        }
        DMatrixRMaj q = qr.getQ(null, false);
        DMatrixRMaj r = qr.getR(null, false);
        for (int j = 0; j < n; j++) {
            if (r.get(j, j) < 0) {
                for (int i = 0; i < n; i++) {
                    q.set(i, j, -q.get(i, j));
                }
            }
        }
        return q;
    }

    /**
     * {@code U diag(s) Vᵀ} with U and V independent Haar orthogonal matrices and s log-spaced from 1 to
     * {@code condition}, so its 2-norm condition number is {@code condition} (PAPERS.md §1.4: 10⁰…10³).
     *
     * @param n the size, at least 2 unless condition is 1
     * @param condition the largest singular value over the smallest, at least 1
     * @param random the source of U then V
     * @return the matrix
     */
    public static DMatrixRMaj illConditioned(int n, double condition, Random random) {
        if (!(condition >= 1) || Double.isInfinite(condition)) {
            throw new IllegalArgumentException("teacher basis: condition must be a finite number >= 1, found " + condition);
        }
        if (n < 2 && condition != 1) {
            throw new IllegalArgumentException("teacher basis: a 1-element tap has condition 1, found condition " + condition);
        }
        DMatrixRMaj u = haarOrthogonal(n, random);
        DMatrixRMaj v = haarOrthogonal(n, random);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = n == 1 ? 1 : Math.pow(condition, (double) i / (n - 1));
        }
        DMatrixRMaj us = new DMatrixRMaj(n, n);
        CommonOps_DDRM.mult(u, CommonOps_DDRM.diag(s), us);
        DMatrixRMaj q = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(us, v, q);
        return q;
    }

    /** Which Q: a registry of the kinds the {@code q} key names, each one construction. */
    public enum Kind {
        /** Q = I: the teacher's own decomposition, "well decomposed". */
        IDENTITY("identity") {
            @Override
            DMatrixRMaj matrix(int n, double condition, Random random) {
                return CommonOps_DDRM.identity(n);
            }
        },
        /** A Haar random orthogonal Q: the features rotated, their conditioning kept. */
        ORTHOGONAL("orthogonal") {
            @Override
            DMatrixRMaj matrix(int n, double condition, Random random) {
                return haarOrthogonal(n, random);
            }
        },
        /** U diag(s) Vᵀ with s log-spaced over [1, condition]: "badly decomposed". */
        ILL_CONDITIONED("ill-conditioned") {
            @Override
            DMatrixRMaj matrix(int n, double condition, Random random) {
                return illConditioned(n, condition, random);
            }

            @Override
            boolean usesCondition() {
                return true;
            }
        };

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        abstract DMatrixRMaj matrix(int n, double condition, Random random);

        boolean usesCondition() {
            return false;
        }

        /** @return the name an experiment writes */
        public String key() {
            return key;
        }

        /**
         * @param name a name from an experiment
         * @return the kind, or null when none has that name
         */
        public static Kind named(String name) {
            for (Kind k : values()) {
                if (k.key.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            return null;
        }

        /** @return the names an experiment may write, for messages */
        public static String names() {
            return Arrays.stream(values()).map(Kind::key).collect(Collectors.joining(", "));
        }
    }

    /**
     * The settings of {@code feature_match.teacher_basis}.
     *
     * @param tap the matched tap whose teacher features become {@code Q h} (default: the term's only tap)
     * @param q identity, orthogonal or ill-conditioned
     * @param condition ill-conditioned only: the condition number of Q (default 1000, PAPERS.md §1.4)
     * @param seed the seed Q is drawn from (default: the run's seed, so each seed of a sweep sees its own Q)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(String tap, String q, Double condition, Long seed) {
        /** The condition number of an ill-conditioned Q when the experiment gives none. */
        public static final double DEFAULT_CONDITION = 1000;

        /**
         * @param taps the term's matched taps
         * @param runSeed the run's seed
         * @return these settings with every default written out, as config.json records them
         */
        Spec resolve(List<String> taps, long runSeed) {
            Kind kind = Kind.named(q);
            return new Spec(tap == null && taps.size() == 1 ? taps.get(0) : tap, kind == null ? q : kind.key(), condition == null && kind != null && kind.usesCondition() ? Double.valueOf(DEFAULT_CONDITION) : condition,
                    seed == null ? runSeed : seed);
        }

        /**
         * Checks these settings against the matched taps and the teacher, then makes Q on the run's manager.
         *
         * @param context the term's context, for the teacher's tap shapes, the run seed and messages
         * @param taps the term's matched taps
         * @return the basis
         * @throws kdlab.engine.UsageException naming {@code objective.NAME.teacher_basis.KEY}, what was expected and found
         */
        TeacherBasis build(TermContext context, List<String> taps) {
            Spec d = resolve(taps, context.seed());
            Kind kind = Kind.named(d.q());
            if (kind == null) {
                throw context.error("teacher_basis.q", "expected one of " + Kind.names() + ", found " + (d.q() == null ? "nothing" : "'" + d.q() + "'"));
            }
            if (d.tap() == null) {
                throw context.error("teacher_basis.tap", "expected one of the matched taps " + taps + " (the term matches several, so name one), found nothing");
            }
            if (!taps.contains(d.tap())) {
                throw context.error("teacher_basis.tap", "expected one of the matched taps " + taps + ", found '" + d.tap() + "'");
            }
            if (!kind.usesCondition() && d.condition() != null) {
                throw context.error("teacher_basis.condition", "expected no condition for q: " + kind.key() + " (its Q has condition 1), found " + d.condition()
                        + "; remove it or use q: ill-conditioned");
            }
            // Q is made to the teacher's width at the tap, so the two cannot disagree later.
            Shape shape = context.teacherTap("teacher_basis.tap", d.tap());
            long width = shape.size();
            if (width < 1 || width > Integer.MAX_VALUE) {
                throw context.error("teacher_basis.tap", "expected a tap of 1 to " + Integer.MAX_VALUE + " elements per example, found shape " + shape);
            }
            Random random = new Random(Seeds.derive(d.seed(), "teacher-basis", 0));
            DMatrixRMaj q;
            try {
                q = kind.matrix((int) width, d.condition() == null ? 1 : d.condition(), random);
            } catch (IllegalArgumentException ex) {
                throw context.error("teacher_basis.condition", "expected a finite number >= 1 (and 1 for a 1-element tap), found " + d.condition());
            }
            return of(d.tap(), q, context.manager());
        }
    }
}
