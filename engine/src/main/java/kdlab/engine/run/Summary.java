package kdlab.engine.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The outcome of a run, written as summary.json when it finishes.
 *
 * @param bestEpoch the epoch (1-based) whose weights were kept
 * @param epochsRun epochs actually trained
 * @param stopReason why training ended: "epochs", "early-stop" or "zero-loss"
 * @param weights which checkpoint the test figures use: "best" or "last"
 * @param bestValidation the best validation accuracy (classification) or loss (regression)
 * @param testAccuracy accuracy on the clean test inputs (NaN for regression)
 * @param testAccuracyNoisy accuracy on test inputs with the training noise (students; NaN otherwise)
 * @param testLoss the output loss on the clean test inputs: for a classifier the cross-entropy, i.e. the test NLL
 * @param testLossNoisy the output loss on noisy test inputs (students; NaN otherwise)
 * @param trainSeconds wall time of training
 * @param lastTestAccuracy clean test accuracy of the last epoch's weights, which differ from the kept ones when
 *     early stopping keeps an earlier epoch: Hong et al.'s first finding is the gap between the two (null in
 *     summaries written before kdlab recorded it)
 * @param lastTestAccuracyNoisy noisy test accuracy of the last epoch's weights (students; NaN otherwise)
 * @param lastTestLoss the output loss of the last epoch's weights on the clean test inputs
 * @param lastTestLossNoisy the output loss of the last epoch's weights on noisy test inputs (students; NaN otherwise)
 * @param testEce the expected calibration error of the kept weights on the clean test inputs, 15 equal-width
 *     confidence bins (Guo et al., ICML 2017), the teacher-calibration figure of SoTeacher (Dong, Liu, Shang, ICLR
 *     2024); the other one, the test NLL, is {@code testLoss} of a classifier (NaN for regression; null in
 *     summaries written before kdlab recorded it)
 * @param teacherAgreement the fraction of clean test inputs on which the kept weights' top-1 class is the
 *     teacher's (NaN without a teacher or for regression; null in summaries written before kdlab recorded it)
 */
public record Summary(
        @JsonProperty("best_epoch") int bestEpoch,
        @JsonProperty("epochs_run") int epochsRun,
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("weights") String weights,
        @JsonProperty("best_validation") double bestValidation,
        @JsonProperty("test_accuracy") double testAccuracy,
        @JsonProperty("test_accuracy_noisy") double testAccuracyNoisy,
        @JsonProperty("test_loss") double testLoss,
        @JsonProperty("test_loss_noisy") double testLossNoisy,
        @JsonProperty("train_seconds") double trainSeconds,
        @JsonProperty("last_test_accuracy") Double lastTestAccuracy,
        @JsonProperty("last_test_accuracy_noisy") Double lastTestAccuracyNoisy,
        @JsonProperty("last_test_loss") Double lastTestLoss,
        @JsonProperty("last_test_loss_noisy") Double lastTestLossNoisy,
        @JsonProperty("test_ece") Double testEce,
        @JsonProperty("teacher_agreement") Double teacherAgreement) {}
