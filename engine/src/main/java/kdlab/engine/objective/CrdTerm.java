package kdlab.engine.objective;

import kdlab.models.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kdlab.engine.Seeds;

/**
 * Contrastive representation distillation (Tian, Krishnan, Isola, "Contrastive Representation Distillation",
 * ICLR 2020), as RepDistiller computes it ({@code crd/criterion.py}, {@code crd/memory.py}, fed by
 * {@code CIFAR100InstanceSample} in mode 'exact'). Two heads, trained with the student, embed the student's and
 * the teacher's penultimate vectors: a linear map to {@code feat_dim} (128) then L2 normalisation, v_s and v_t.
 * A memory bank holds one embedding per training sample and model (M_s, M_t: N × feat_dim, drawn uniformly in
 * ±1/√(feat_dim/3) as RepDistiller does). For each sample i of the batch, with K = {@code nce_k} negatives
 * j_1..j_K, the scores are P_s = exp(M_t[·]·v_s/T)/Z_s over the positive M_t[i] and the negatives (and
 * P_t = exp(M_s[·]·v_t/T)/Z_t the other way round), T = 0.07, and the NCE loss with noise distribution
 * P_n = 1/N is −(1/B)·Σ_i [log(P_pos/(P_pos + K·P_n + ε)) + Σ_k log(K·P_n/(P_neg,k + K·P_n + ε))], ε = 1e-7;
 * the term is the student side plus the teacher side. Z_s and Z_t are fixed on the first batch as N times the
 * mean score there (gradient-free, as RepDistiller's {@code .item()} makes them). After each step the batch's
 * rows of the bank move to 0.5·old + 0.5·v and are renormalised.
 *
 * <p>Negatives are drawn on the device from libtorch's generator, which the loop reseeds every step, so a
 * resumed run draws the same. As in RepDistiller's 'exact' mode they are class-exclusive when the training
 * labels are known (uniform over the samples of the other classes), uniform over all N samples otherwise (a
 * regression run, or a split with one class: RepDistiller's own alias sampler). Unlike RepDistiller, which draws
 * without replacement when a class's negatives outnumber K, kdlab always draws with replacement: the same
 * distribution per draw, and K larger than the negatives available (tiny datasets) cannot fail.
 *
 * <p>The {@code queue} option replaces the N-row bank by a MoCo-style ring buffer of the most recent
 * {@code queue} embeddings of each model (memory O(queue) rather than O(N); RepDistiller issue #40): the positive
 * is then the other model's embedding of the same sample in this step (gradient-free, as a bank row is), the
 * negatives are K draws uniform over the buffer (not class-exclusive: the buffer keeps no labels), and after
 * each step the batch's embeddings overwrite the oldest entries. P_n stays 1/N.
 *
 * <p>The bank (or the buffers and their write position) and Z are the term's state, saved in every checkpoint.
 * Scores are computed as v·Mᵀ gathered at the drawn indices, which needs B × N (or B × queue) floats instead of
 * RepDistiller's B × (K+1) × feat_dim copy of the drawn rows. Validation batches index another split, so the
 * term reports 0 on them.
 */
public final class CrdTerm implements LossTerm {
    /** RepDistiller's ε in the NCE loss. */
    private static final float EPS = 1e-7f;

    private final View trained;
    private final View frozen;
    private final String tap;
    private final String teacherTap;
    private final Block studentHead;
    private final Block teacherHead;
    private final int negatives;
    private final float temperature;
    private final float momentum;
    private final long samples;
    private final NegativeSampler sampler;
    private final NDArray memoryStudent;
    private final NDArray memoryTeacher;
    private final NDArray z;
    private final boolean queue;
    private final NDArray queuePointer;
    private long pointer;

    private NDArray pendingStudent;
    private NDArray pendingTeacher;
    private NDArray pendingIndices;
    private NDArray pendingZ;

    /**
     * @param trained the student view
     * @param frozen the teacher view
     * @param tap the student's penultimate tap
     * @param teacherTap the teacher's penultimate tap
     * @param studentHead the student's embedding head (a linear layer, initialised)
     * @param teacherHead the teacher's embedding head (a linear layer, initialised)
     * @param featDim the embedding size
     * @param negatives K, negatives per sample
     * @param temperature T
     * @param momentum the bank's momentum
     * @param samples N, the training split's size
     * @param queueSize the ring buffer's size, or 0 for the full bank
     * @param trainLabels the training labels on the device for class-exclusive negatives, or null
     * @param manager the run's long-lived manager, which holds the bank
     * @param seed the run seed, for the bank's initial draw
     */
    public CrdTerm(View trained, View frozen, String tap, String teacherTap, Block studentHead, Block teacherHead, int featDim, int negatives,
            float temperature, float momentum, int samples, int queueSize, NDArray trainLabels, NDManager manager, long seed) {
        View.requireTrainedAndFrozen("crd", trained, frozen);
        this.trained = trained;
        this.frozen = frozen;
        this.tap = tap;
        this.teacherTap = teacherTap;
        this.studentHead = studentHead;
        this.teacherHead = teacherHead;
        this.negatives = negatives;
        this.temperature = temperature;
        this.momentum = momentum;
        this.samples = samples;
        this.queue = queueSize > 0;
        long rows = queue ? queueSize : samples;
        float stdv = (float) (1.0 / Math.sqrt(featDim / 3.0));
        Seeds.reseed(seed, "crd-memory", 0);
        this.memoryStudent = manager.randomUniform(-stdv, stdv, new Shape(rows, featDim));
        this.memoryTeacher = manager.randomUniform(-stdv, stdv, new Shape(rows, featDim));
        this.z = manager.full(new Shape(2), -1f);
        this.queuePointer = queue ? manager.zeros(new Shape(1), DataType.INT64) : null;
        this.sampler = queue || trainLabels == null ? NegativeSampler.uniform(rows) : NegativeSampler.classExclusive(manager, trainLabels);
    }

    @Override
    public String name() {
        return "crd";
    }

    @Override
    public Set<View> views() {
        return EnumSet.of(trained, frozen);
    }

    @Override
    public Map<String, Block> parts() {
        return Map.of("embed_s", studentHead, "embed_t", teacherHead);
    }

    @Override
    public NDArray compute(StepView step) {
        NDArray fs = step.features(trained).tap(tap);
        NDArray ft = step.features(frozen).tap(teacherTap);
        if (!step.training()) {
            return Scalars.mul(fs.sum(), 0f);
        }
        if (step.indices() == null) {
            throw new IllegalStateException("crd reads and writes its memory by sample index, but this training batch carries no indices");
        }
        long b = fs.getShape().get(0);
        NDManager m = step.indices().getManager();
        // Results of operations on the long-lived arrays belong to their manager: attached to the batch's
        // until it closes, the step's temporaries close with it instead of leaking each step.
        m.tempAttachAll(longLived().toArray(new NDArray[0]));
        NDArray vs = embed(step.applyTrained(studentHead, fs.reshape(b, -1)));
        NDArray vt = embed(step.applyTrained(teacherHead, ft.reshape(b, -1)));
        NDArray drawn = sampler.draw(m, step.targets(), b, negatives);
        NDArray zNow = z.duplicate();
        NDArray[] out;
        if (queue) {
            out = queueScores(vs, vt, memoryStudent, memoryTeacher, drawn, temperature);
        } else {
            NDArray contrast = step.indices().reshape(b, 1).concat(drawn, 1);
            out = bankScores(vs, vt, memoryStudent, memoryTeacher, contrast, temperature);
        }
        NDArray zUsed = normalisers(zNow, out[0], out[1], samples);
        pendingStudent = vs.stopGradient();
        pendingTeacher = vt.stopGradient();
        pendingIndices = step.indices();
        pendingZ = zUsed;
        return nce(out[0], zUsed.get(0), samples).add(nce(out[1], zUsed.get(1), samples));
    }

    /**
     * @param linear a head's linear output [B, feat_dim]
     * @return each row divided by its L2 norm (RepDistiller's {@code Normalize(2)}, without a floor)
     */
    public static NDArray embed(NDArray linear) {
        return linear.div(linear.square().sum(new int[] {1}, true).sqrt());
    }

    /**
     * exp(v_i·M[j]/T) for the rows j that {@code idx} names, computed as (v·Mᵀ) gathered at idx.
     *
     * @param v embeddings [B, d]
     * @param memory rows [R, d] (gradient-free)
     * @param idx int64 [B, C] row indices
     * @param temperature T
     * @return [B, C]
     */
    public static NDArray scores(NDArray v, NDArray memory, NDArray idx, float temperature) {
        NDArray all = v.matMul(memory.transpose());
        return Scalars.div(all.gather(idx, 1), temperature).exp();
    }

    /**
     * Both sides' unnormalised scores against a memory bank, RepDistiller's {@code ContrastMemory} with the
     * contrast indices given.
     *
     * @param student v_s [B, d]
     * @param teacher v_t [B, d]
     * @param memoryStudent M_s [N, d]
     * @param memoryTeacher M_t [N, d]
     * @param contrast int64 [B, K+1]: column 0 the sample's own index (the positive), then K negatives
     * @param temperature T
     * @return {exp(M_t[contrast]·v_s/T), exp(M_s[contrast]·v_t/T)}, each [B, K+1]
     */
    public static NDArray[] bankScores(NDArray student, NDArray teacher, NDArray memoryStudent, NDArray memoryTeacher, NDArray contrast,
            float temperature) {
        return new NDArray[] {scores(student, memoryTeacher, contrast, temperature), scores(teacher, memoryStudent, contrast, temperature)};
    }

    /**
     * Both sides' unnormalised scores against ring buffers: the positive is the other model's embedding of the
     * same sample (gradient-free), the negatives are buffer rows.
     *
     * @param student v_s [B, d]
     * @param teacher v_t [B, d]
     * @param queueStudent the student's buffer [Q, d]
     * @param queueTeacher the teacher's buffer [Q, d]
     * @param drawn int64 [B, K] buffer rows
     * @param temperature T
     * @return the student's and the teacher's scores, each [B, K+1], the positive first
     */
    public static NDArray[] queueScores(NDArray student, NDArray teacher, NDArray queueStudent, NDArray queueTeacher, NDArray drawn,
            float temperature) {
        NDArray posS = Scalars.div(student.mul(teacher.stopGradient()).sum(new int[] {1}, true), temperature).exp();
        NDArray posT = Scalars.div(teacher.mul(student.stopGradient()).sum(new int[] {1}, true), temperature).exp();
        return new NDArray[] {posS.concat(scores(student, queueTeacher, drawn, temperature), 1),
            posT.concat(scores(teacher, queueStudent, drawn, temperature), 1)};
    }

    /**
     * @param z the current constants [Z_s, Z_t], negative where not yet set
     * @param student the student's unnormalised scores [B, K+1]
     * @param teacher the teacher's unnormalised scores [B, K+1]
     * @param samples N
     * @return z with each unset entry replaced by N times the mean of this batch's scores (gradient-free)
     */
    public static NDArray normalisers(NDArray z, NDArray student, NDArray teacher, long samples) {
        NDArray fresh = Scalars.mul(student.mean().reshape(1).concat(teacher.mean().reshape(1)), (float) samples).stopGradient();
        return NDArrays.where(z.lt(0f), fresh, z);
    }

    /**
     * RepDistiller's {@code ContrastLoss} on P = scores / Z.
     *
     * @param scores unnormalised scores [B, K+1], the positive first
     * @param z the normalising constant (a scalar array)
     * @param samples N, for the noise distribution P_n = 1/N
     * @return −(1/B)·Σ_i [log(P_i0/(P_i0 + K/N + ε)) + Σ_{k≥1} log((K/N)/(P_ik + K/N + ε))]
     */
    public static NDArray nce(NDArray scores, NDArray z, long samples) {
        long b = scores.getShape().get(0);
        long k = scores.getShape().get(1) - 1;
        float mpn = (float) ((double) k / samples);
        NDArray p = scores.div(z);
        NDArray pos = p.get(":, 0");
        NDArray neg = p.get(":, 1:");
        NDArray logD1 = pos.div(pos.add(mpn + EPS)).log();
        NDArray logD0 = neg.add(mpn + EPS).log().neg().add((float) Math.log(mpn));
        return Scalars.div(logD1.sum().add(logD0.sum()), (float) -b);
    }

    /**
     * The whole term on fixed inputs, for parity tests: the bank's scores, Z (set from this batch where
     * negative), and the two NCE losses.
     *
     * @param student v_s [B, d]
     * @param teacher v_t [B, d]
     * @param memoryStudent M_s [N, d]
     * @param memoryTeacher M_t [N, d]
     * @param contrast int64 [B, K+1], the positive first
     * @param z [Z_s, Z_t], negative where not yet set
     * @param temperature T
     * @param samples N
     * @return the student-side plus the teacher-side NCE loss
     */
    public static NDArray bankLoss(NDArray student, NDArray teacher, NDArray memoryStudent, NDArray memoryTeacher, NDArray contrast, NDArray z,
            float temperature, long samples) {
        NDArray[] out = bankScores(student, teacher, memoryStudent, memoryTeacher, contrast, temperature);
        NDArray zUsed = normalisers(z, out[0], out[1], samples);
        return nce(out[0], zUsed.get(0), samples).add(nce(out[1], zUsed.get(1), samples));
    }

    /**
     * The queue variant on fixed inputs, for parity tests.
     *
     * @param student v_s [B, d]
     * @param teacher v_t [B, d]
     * @param queueStudent [Q, d]
     * @param queueTeacher [Q, d]
     * @param drawn int64 [B, K] buffer rows
     * @param z [Z_s, Z_t], negative where not yet set
     * @param temperature T
     * @param samples N
     * @return the student-side plus the teacher-side NCE loss
     */
    public static NDArray queueLoss(NDArray student, NDArray teacher, NDArray queueStudent, NDArray queueTeacher, NDArray drawn, NDArray z,
            float temperature, long samples) {
        NDArray[] out = queueScores(student, teacher, queueStudent, queueTeacher, drawn, temperature);
        NDArray zUsed = normalisers(z, out[0], out[1], samples);
        return nce(out[0], zUsed.get(0), samples).add(nce(out[1], zUsed.get(1), samples));
    }

    @Override
    public void afterStep(StepView step) {
        if (pendingStudent == null) {
            return;
        }
        // The update's temporaries would otherwise attach to the bank's long-lived manager and leak.
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            if (queue) {
                enqueue(memoryStudent, pendingStudent);
                enqueue(memoryTeacher, pendingTeacher);
                long b = pendingStudent.getShape().get(0);
                pointer = (pointer + b) % memoryStudent.getShape().get(0);
                queuePointer.set(new NDIndex(0), pointer);
            } else {
                update(memoryStudent, pendingIndices, pendingStudent, momentum);
                update(memoryTeacher, pendingIndices, pendingTeacher, momentum);
            }
            z.set(new NDIndex(":"), pendingZ);
        }
        pendingStudent = null;
        pendingTeacher = null;
        pendingIndices = null;
        pendingZ = null;
    }

    /**
     * RepDistiller's bank update, in place: M[i] ← (m·M[i] + (1 − m)·v_i) / ‖m·M[i] + (1 − m)·v_i‖.
     *
     * @param memory the bank [N, d]
     * @param indices int64 [B] the batch's sample indices (distinct)
     * @param embeddings v [B, d]
     * @param momentum m
     */
    public static void update(NDArray memory, NDArray indices, NDArray embeddings, float momentum) {
        NDArray rows = memory.get(indices).mul(momentum).add(embeddings.mul(1 - momentum));
        memory.set(new NDIndex("{}", indices), rows.div(rows.square().sum(new int[] {1}, true).sqrt()));
    }

    private void enqueue(NDArray buffer, NDArray embeddings) {
        long size = buffer.getShape().get(0);
        long b = embeddings.getShape().get(0);
        long take = Math.min(b, size);
        // Only the newest `size` rows survive a batch larger than the buffer; writing all would repeat positions.
        NDArray rows = embeddings.get((b - take) + ":");
        NDArray positions = buffer.getManager().arange(0L, take, 1L, DataType.INT64).add((pointer + b - take) % size).mod(size);
        buffer.set(new NDIndex("{}", positions), rows);
    }

    @Override
    public NDList state() {
        NDList s = new NDList(memoryStudent, memoryTeacher, z);
        if (queue) {
            s.add(queuePointer);
        }
        return s;
    }

    @Override
    public void restoreState(NDList saved) {
        int expected = queue ? 4 : 3;
        if (saved.size() != expected) {
            throw new IllegalArgumentException("crd: expected " + expected + " state arrays (" + (queue ? "the queues, Z and the queue's position" : "the bank and Z")
                    + "), found " + saved.size() + "; was the checkpoint written with another queue setting?");
        }
        for (int i = 0; i < expected; i++) {
            NDArray own = state().get(i);
            if (!saved.get(i).getShape().equals(own.getShape())) {
                throw new IllegalArgumentException("crd state " + i + ": expected shape " + own.getShape() + ", found " + saved.get(i).getShape());
            }
        }
        memoryStudent.set(new NDIndex(":"), saved.get(0));
        memoryTeacher.set(new NDIndex(":"), saved.get(1));
        z.set(new NDIndex(":"), saved.get(2));
        if (queue) {
            queuePointer.set(new NDIndex(":"), saved.get(3));
            pointer = kdlab.engine.train.HostReads.longs(saved.get(3))[0];
        }
    }

    private List<NDArray> longLived() {
        List<NDArray> all = new java.util.ArrayList<>(List.of(memoryStudent, memoryTeacher, z));
        if (queuePointer != null) {
            all.add(queuePointer);
        }
        all.addAll(sampler.arrays());
        return all;
    }

    /** @return the student's bank or buffer, for tests */
    NDArray memoryStudent() {
        return memoryStudent;
    }

    /** @return the teacher's bank or buffer, for tests */
    NDArray memoryTeacher() {
        return memoryTeacher;
    }

    /** @return [Z_s, Z_t], −1 until the first training batch, for tests */
    NDArray z() {
        return z;
    }

    /** @return the next buffer row to overwrite, for tests */
    long queuePointer() {
        return pointer;
    }

    /**
     * Draws K negative indices per sample on the device, from libtorch's (reseeded) generator: uniform over
     * [0, rows) with replacement (RepDistiller's alias sampler with equal weights), or, given the training labels,
     * uniform over the samples of the other classes with replacement (RepDistiller's 'exact' mode). For the
     * latter the samples are sorted by class once; a draw u in [0, N − n_y) skips class y's block
     * [start_y, start_y + n_y) of that order.
     */
    static final class NegativeSampler {
        private final long rows;
        private final NDArray sorted;
        private final NDArray starts;
        private final NDArray counts;

        private NegativeSampler(long rows, NDArray sorted, NDArray starts, NDArray counts) {
            this.rows = rows;
            this.sorted = sorted;
            this.starts = starts;
            this.counts = counts;
        }

        static NegativeSampler uniform(long rows) {
            return new NegativeSampler(rows, null, null, null);
        }

        static NegativeSampler classExclusive(NDManager manager, NDArray trainLabels) {
            long[] labels = kdlab.engine.train.HostReads.longs(trainLabels.toType(DataType.INT64, false));
            int classes = 0;
            for (long y : labels) {
                classes = Math.max(classes, Math.toIntExact(y) + 1);
            }
            long[] count = new long[classes];
            for (long y : labels) {
                count[(int) y]++;
            }
            for (long c : count) {
                if (c == labels.length) {
                    // One class only: no sample of another class exists to be a negative.
                    return uniform(labels.length);
                }
            }
            long[] start = new long[classes];
            for (int c = 1; c < classes; c++) {
                start[c] = start[c - 1] + count[c - 1];
            }
            long[] next = start.clone();
            long[] byClass = new long[labels.length];
            for (int i = 0; i < labels.length; i++) {
                byClass[(int) next[(int) labels[i]]++] = i;
            }
            return new NegativeSampler(labels.length, manager.create(byClass), manager.create(start), manager.create(count));
        }

        /** @return the long-lived arrays the draws read */
        List<NDArray> arrays() {
            return sorted == null ? List.of() : List.of(sorted, starts, counts);
        }

        /**
         * @param m the step's manager
         * @param labels the batch's targets
         * @param batch B
         * @param k K
         * @return int64 [B, K]
         */
        NDArray draw(NDManager m, NDArray labels, long batch, int k) {
            NDArray u = m.randomUniform(0f, 1f, new Shape(batch, k));
            if (sorted == null) {
                return u.mul((float) rows).floor().minimum((float) (rows - 1)).toType(DataType.INT64, false);
            }
            NDArray y = labels.toType(DataType.INT64, false);
            NDArray s = starts.get(y).reshape(batch, 1);
            NDArray c = counts.get(y).reshape(batch, 1);
            NDArray pool = c.neg().add(rows).toType(DataType.FLOAT32, false);
            NDArray j = u.mul(pool).floor().minimum(pool.sub(1f)).toType(DataType.INT64, false);
            j = j.add(j.gte(s).toType(DataType.INT64, false).mul(c));
            return sorted.get(j.reshape(-1)).reshape(batch, k);
        }
    }

    /**
     * The settings of {@code type: crd} (RepDistiller: weight 0.8 beside cross-entropy, no KD).
     *
     * @param tap the student's penultimate tap (default: {@code pool} for a CNN, the last {@code hiddenK} of an MLP)
     * @param teacherTap the teacher's penultimate tap (default: chosen the same way on the teacher)
     * @param featDim the embedding size (default 128)
     * @param nceK negatives per sample (default 16384)
     * @param temperature the NCE temperature (default 0.07)
     * @param momentum the bank's momentum (default 0.5)
     * @param queue the ring buffer's size; absent or 0 for the full bank of N rows
     * @param student the student's input: noisy (default) or clean
     * @param teacher the teacher's input: clean (default) or noisy
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Spec(String tap, String teacherTap, Integer featDim, Integer nceK, Double temperature, Double momentum, Integer queue,
            String student, String teacher) implements TermSpec {
        @Override
        public TermSpec withDefaults() {
            return new Spec(tap, teacherTap, featDim == null ? 128 : featDim, nceK == null ? 16384 : nceK, temperature == null ? 0.07 : temperature,
                    momentum == null ? 0.5 : momentum, queue == null ? 0 : queue, student == null ? "noisy" : student,
                    teacher == null ? "clean" : teacher);
        }

        @Override
        public TermSpec resolve(TermContext context) {
            Spec d = (Spec) withDefaults();
            return new Spec(tap == null ? PenultimateTap.of(context.student()) : tap,
                    teacherTap == null ? PenultimateTap.of(context.requireTeacher()) : teacherTap, d.featDim(), d.nceK(), d.temperature(),
                    d.momentum(), d.queue(), d.student(), d.teacher());
        }

        @Override
        public LossTerm build(TermContext context) {
            Spec d = (Spec) withDefaults();
            View trainedView = context.view("student", d.student(), false);
            View frozenView = context.view("teacher", d.teacher(), true);
            String s = tap == null ? PenultimateTap.of(context.student()) : tap;
            if (s == null) {
                throw context.error("tap", "required: the student's penultimate vector (pool or hiddenK), and the student has none of those; it has "
                        + String.join(", ", context.student().tapNames()));
            }
            String t = teacherTap == null ? PenultimateTap.of(context.teacher()) : teacherTap;
            if (t == null) {
                throw context.error("teacher_tap", "required: the teacher's penultimate vector (pool or hiddenK), and the teacher has none of those; it has "
                        + String.join(", ", context.teacher().tapNames()));
            }
            Shape ss = context.studentTap("tap", s);
            Shape ts = context.teacherTap("teacher_tap", t);
            if (d.featDim() < 1) {
                throw context.error("feat_dim", "expected an embedding size of at least 1, found " + d.featDim());
            }
            if (d.nceK() < 1) {
                throw context.error("nce_k", "expected at least 1 negative per sample, found " + d.nceK());
            }
            if (!(d.temperature() > 0)) {
                throw context.error("temperature", "expected a temperature above 0, found " + d.temperature());
            }
            if (!(d.momentum() >= 0 && d.momentum() < 1)) {
                throw context.error("momentum", "expected a momentum in [0, 1), found " + d.momentum());
            }
            if (d.queue() < 0) {
                throw context.error("queue", "expected a queue size of at least 1 (or 0 for the full bank), found " + d.queue());
            }
            if (context.trainExamples() < 1) {
                throw new IllegalStateException("the crd term needs the size of the training split");
            }
            Shape sIn = new Shape(1, ss.size() / ss.get(0));
            Shape tIn = new Shape(1, ts.size() / ts.get(0));
            Block studentHead = context.initialisePart(Linear.builder().setUnits(d.featDim()).build(), "embed_s", sIn);
            Block teacherHead = context.initialisePart(Linear.builder().setUnits(d.featDim()).build(), "embed_t", tIn);
            NDArray labels = context.classification() ? context.trainLabels() : null;
            return new CrdTerm(trainedView, frozenView, s, t, studentHead, teacherHead, d.featDim(), d.nceK(), (float) (double) d.temperature(),
                    (float) (double) d.momentum(), context.trainExamples(), d.queue(), labels, context.manager(), context.seed());
        }
    }
}
