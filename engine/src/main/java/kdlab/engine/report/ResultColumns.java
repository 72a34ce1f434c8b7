package kdlab.engine.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of results.csv and the metrics the summary averages. The summary.json keys a report copies are
 * spelled exactly as the columns, so a new optional summary field needs one entry here and nothing else.
 */
public final class ResultColumns {
    /** The cell's name, or the run's path relative to the directory given. */
    public static final String RUN = "run";
    /** The file name of the directory given. */
    public static final String SWEEP = "sweep";
    /** The run seed: the cell's seed axis value, else the run's config. */
    public static final String SEED = "seed";
    /** The model spec of the run's config. */
    public static final String MODEL = "model";
    /** The clean test accuracy of the run's teacher, from the teacher run's summary.json. */
    public static final String TEACHER_TEST_ACCURACY = "teacher_test_accuracy";
    /** The clean test loss (for a classifier the NLL) of the run's teacher, from the teacher run's summary.json. */
    public static final String TEACHER_TEST_LOSS = "teacher_test_loss";
    /** The clean test expected calibration error of the run's teacher, from the teacher run's summary.json. */
    public static final String TEACHER_TEST_ECE = "teacher_test_ece";
    /** The clean test accuracy at the kept weights. */
    public static final String TEST_ACCURACY = "test_accuracy";
    /** The validation accuracy of the last validation row of metrics.csv. */
    public static final String LAST_VALIDATION_ACCURACY = "last_validation_accuracy";
    /** The validation loss of the last validation row of metrics.csv. */
    public static final String LAST_VALIDATION_LOSS = "last_validation_loss";
    /** {@link #DONE} or {@link #MISSING}. */
    public static final String STATUS = "status";
    /** Wall time of training: kept out of results.csv so that file is the same on every machine. */
    public static final String TRAIN_SECONDS = "train_seconds";
    /** A run with a summary.json. */
    public static final String DONE = "done";
    /** A cell or run without a summary.json. */
    public static final String MISSING = "missing";

    /** The clean test loss at the kept weights (for a classifier the NLL). */
    public static final String TEST_LOSS = "test_loss";
    /** The clean test expected calibration error at the kept weights. */
    public static final String TEST_ECE = "test_ece";
    /** The fraction of clean test inputs on which the run's top-1 class is its teacher's. */
    public static final String TEACHER_AGREEMENT = "teacher_agreement";

    /** The summary.json keys copied into results.csv, in column order; absent keys give empty cells. */
    public static final List<String> SUMMARY_KEYS = List.of("best_epoch", "epochs_run", "stop_reason", "weights", "best_validation",
            TEST_ACCURACY, "test_accuracy_noisy", TEST_LOSS, "test_loss_noisy", "last_test_accuracy", "last_test_accuracy_noisy",
            "last_test_loss", "last_test_loss_noisy", TEST_ECE, TEACHER_AGREEMENT);

    /**
     * The columns read from the teacher run's summary.json, each with the summary key it copies, in column order:
     * SoTeacher (Dong, Liu, Shang, ICLR 2024) compares teachers by their calibration as well as their accuracy.
     */
    public static final Map<String, String> TEACHER_KEYS = teacherKeys();

    /** The metrics summary.csv averages over seeds. */
    public static final List<String> SUMMARY_METRICS = List.of(TEST_ACCURACY, "test_accuracy_noisy", "last_test_accuracy",
            "last_test_accuracy_noisy", "test_loss_noisy", "last_test_loss_noisy", "best_validation", TEST_ECE, TEACHER_AGREEMENT, TEACHER_TEST_ECE);

    /** The results.csv columns that follow the axis columns, in order. */
    public static final List<String> AFTER_AXES;

    static {
        java.util.List<String> c = new java.util.ArrayList<>(List.of(SEED, MODEL));
        c.addAll(TEACHER_KEYS.keySet());
        c.addAll(SUMMARY_KEYS);
        c.addAll(List.of(LAST_VALIDATION_ACCURACY, LAST_VALIDATION_LOSS, STATUS));
        AFTER_AXES = List.copyOf(c);
    }

    private ResultColumns() {}

    private static Map<String, String> teacherKeys() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TEACHER_TEST_ACCURACY, TEST_ACCURACY);
        m.put(TEACHER_TEST_LOSS, TEST_LOSS);
        m.put(TEACHER_TEST_ECE, TEST_ECE);
        return Collections.unmodifiableMap(m);
    }
}
