package kdlab.engine.report;

import java.util.List;

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

    /** The summary.json keys copied into results.csv, in column order; absent keys give empty cells. */
    public static final List<String> SUMMARY_KEYS = List.of("best_epoch", "epochs_run", "stop_reason", "weights", "best_validation",
            TEST_ACCURACY, "test_accuracy_noisy", "test_loss", "test_loss_noisy", "last_test_accuracy", "last_test_accuracy_noisy",
            "last_test_loss", "last_test_loss_noisy");

    /** The metrics summary.csv averages over seeds. */
    public static final List<String> SUMMARY_METRICS = List.of(TEST_ACCURACY, "test_accuracy_noisy", "last_test_accuracy",
            "last_test_accuracy_noisy", "best_validation");

    /** The results.csv columns that follow the axis columns, in order. */
    public static final List<String> AFTER_AXES;

    static {
        java.util.List<String> c = new java.util.ArrayList<>(List.of(SEED, MODEL, TEACHER_TEST_ACCURACY));
        c.addAll(SUMMARY_KEYS);
        c.addAll(List.of(LAST_VALIDATION_ACCURACY, LAST_VALIDATION_LOSS, STATUS));
        AFTER_AXES = List.copyOf(c);
    }

    private ResultColumns() {}
}
