package kdlab.engine.study.kernel;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * What a replayed kernel-pi run gives the analysis: the training set as the student saw it, the targets, and the
 * student's training outputs after every gradient step.
 *
 * @param unitInputs the n training inputs, flattened and scaled to unit norm as the ntk network scales them
 * @param labels the n class labels
 * @param teacher softmax of the teacher's logits on the training inputs, n × K (the privileged information)
 * @param outputs u(0), …, u(K): the student's outputs on the training inputs before the first step and after
 *     each, n × K each
 * @param eta the learning rate η of every step
 * @param alpha the teacher's share α of the pi_mse term
 * @param trainLoss the loss of each replayed step (the value the run's metrics.csv records for its epoch)
 * @param testError the student's test error after the last step, from the replay
 * @param teacherTestError the teacher's test error
 */
public record Replay(double[][] unitInputs, int[] labels, DMatrixRMaj teacher, List<DMatrixRMaj> outputs, double eta, double alpha,
        double[] trainLoss, double testError, double teacherTestError) {
    /** Defensive copies. */
    public Replay {
        unitInputs = unitInputs.clone();
        labels = labels.clone();
        teacher = teacher.copy();
        outputs = List.copyOf(outputs);
        trainLoss = trainLoss.clone();
    }

    /** @return n */
    public int examples() {
        return labels.length;
    }

    /** @return K */
    public int classes() {
        return teacher.numCols;
    }

    /** @return the number of gradient steps replayed */
    public int iterations() {
        return outputs.size() - 1;
    }

    /** @return e_y, the one-hot labels, n × K */
    public DMatrixRMaj oneHot() {
        DMatrixRMaj y = new DMatrixRMaj(examples(), classes());
        for (int i = 0; i < labels.length; i++) {
            y.unsafe_set(i, labels[i], 1);
        }
        return y;
    }

    /** @return z = (1 − α)·e_y + α·softmax(t), the point the outputs converge to in the kernel regime */
    public DMatrixRMaj target() {
        DMatrixRMaj z = oneHot();
        org.ejml.dense.row.CommonOps_DDRM.add(1 - alpha, z, alpha, teacher, z);
        return z;
    }
}
