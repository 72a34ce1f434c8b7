package kdlab.engine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import kdlab.datasets.DataSources;
import kdlab.engine.UsageException;
import kdlab.engine.job.RunJob;
import kdlab.engine.report.NoiseStudyReport;
import kdlab.engine.report.NoiseStudyRow;
import kdlab.engine.run.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kdlab demo}: the clean→noisy study of Hong et al. (CVPR 2021) in minutes on a CPU. A teacher is
 * trained on clean inputs; at each noise level a baseline student (λ = 0) and a student-teacher student
 * are trained on the same noisy inputs with early stopping, and both are scored on noisy test inputs.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Teacher on clean data, then baseline vs student-teacher students at several noise levels.")
public final class DemoCommand implements Callable<Integer> {
    /**
     * The generated set used where Fashion-MNIST is not found: 8,000 examples leave 7,200 for training after
     * the 800 held out, so the students' default 5,000 fit, as they do on Fashion-MNIST.
     */
    static final String FALLBACK_DATA = "synthetic:relu-teacher,n=8000,test=2000";

    @Option(names = "--out", description = "Study directory (default: runs/demo-<time>).")
    Path out;

    @Option(names = "--data", description = "Data spec (default: Fashion-MNIST from ~/.kdlab/datasets/fashion-mnist or /usr/share/datasets/fashion-mnist, else " + FALLBACK_DATA + ").")
    String data;

    @Option(names = "--model", description = "Teacher and student model (default: ${DEFAULT-VALUE}).", defaultValue = "mlp:512,512")
    String model;

    @Option(names = "--noise-levels", split = ",", description = "Gaussian σ values (default: ${DEFAULT-VALUE}).", defaultValue = "0.5,1.0,1.5")
    List<Double> levels;

    @Option(names = "--feature-weight", description = "λ of the student-teacher students (default: ${DEFAULT-VALUE}).", defaultValue = "3.0")
    double featureWeight;

    @Option(names = "--teacher-epochs", description = "Teacher epochs (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int teacherEpochs;

    @Option(names = "--student-epochs", description = "Maximum student epochs (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    int studentEpochs;

    @Option(names = "--patience", description = "Early-stopping patience of the students (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int patience;

    @Option(names = "--train-size", description = "Training examples of the students; 0 = all (default: ${DEFAULT-VALUE}).", defaultValue = "5000")
    int studentTrainSize;

    @Option(names = "--lr", description = "SGD learning rate of the teacher (default: ${DEFAULT-VALUE}).", defaultValue = "0.05")
    double lr;

    @Option(names = "--student-lr", description = "SGD learning rate of the students (default: ${DEFAULT-VALUE}).", defaultValue = "0.01")
    double studentLr;

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).", defaultValue = "auto")
    String device;

    @Option(names = "--overwrite", description = "Replace an existing study directory.")
    boolean overwrite;

    @Override
    public Integer call() {
        try {
            return study();
        } catch (kdlab.engine.train.RunInterruptedException e) {
            // The runs of a study resume one by one with train-student --resume; the demo itself starts over.
            throw new kdlab.engine.train.RunInterruptedException("demo interrupted (" + e.getMessage()
                    + "); run the demo again with another --out, or the same --out and --overwrite", e.exitCode());
        }
    }

    private Integer study() {
        if (levels.isEmpty() || levels.stream().anyMatch(l -> !(l > 0))) {
            throw new UsageException("--noise-levels: expected positive σ values, found " + levels);
        }
        Path dir = out != null ? out : Path.of("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        String dataSpec = data;
        if (dataSpec == null) {
            java.util.Optional<Path> found = DataSources.findDefault();
            if (found.isPresent()) {
                dataSpec = found.get().toString();
                System.err.println("demo: data " + dataSpec);
            } else {
                dataSpec = FALLBACK_DATA;
                System.err.println("demo: no Fashion-MNIST in " + DataSources.defaultSearch()
                        + " (apt-get install dataset-fashion-mnist, or kdlab data fetch fashion-mnist); using " + dataSpec + " instead");
            }
        }
        if (java.nio.file.Files.exists(dir.resolve("table.csv")) && !overwrite) {
            throw new UsageException("--out " + dir + ": a finished study is there; choose another --out or add --overwrite");
        }
        Path teacherDir = dir.resolve("teacher");
        Summary teacher = RunJob.train(teacherExperiment(dataSpec), runtime(), teacherDir, overwrite, false, System.err);
        List<NoiseStudyRow> rows = new ArrayList<>();
        for (double sigma : levels) {
            String noise = "gaussian:" + sigma;
            String tag = String.format(Locale.ROOT, "sigma-%s", sigma);
            Summary base = RunJob.train(studentExperiment(dataSpec, teacherDir, noise, 0), runtime(), dir.resolve(tag + "-baseline"), overwrite, false,
                    System.err);
            Summary st = RunJob.train(studentExperiment(dataSpec, teacherDir, noise, featureWeight), runtime(), dir.resolve(tag + "-student-teacher"),
                    overwrite, false, System.err);
            rows.add(new NoiseStudyRow(noise, sigma, base.testAccuracyNoisy(), st.testAccuracyNoisy(), base.bestEpoch(), st.bestEpoch()));
        }
        try {
            NoiseStudyReport.writeCsv(dir.resolve("table.csv"), rows);
            NoiseStudyReport.writePlot(dir.resolve("plot.png"), rows, "Clean→noisy students on " + dataSpec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print(NoiseStudyReport.table(rows, teacher.testAccuracy()));
        System.out.println("written: " + dir.resolve("table.csv") + ", " + dir.resolve("plot.png"));
        return ExitCodes.OK;
    }

    private kdlab.engine.config.RuntimeSettings runtime() {
        return kdlab.engine.config.RuntimeSettings.DEFAULT.onDevice(device);
    }

    private TrainingOptions options(int epochs, double rate, int patienceEpochs, int trainSize) {
        TrainingOptions t = new TrainingOptions();
        t.epochs = epochs;
        t.batchSize = 128;
        t.optimizer = "sgd";
        t.lr = rate;
        t.momentum = 0.9;
        t.weightDecay = 0;
        t.schedule = "constant";
        t.seed = seed;
        t.validationSize = 0;
        t.trainSize = trainSize;
        t.earlyStop = patienceEpochs;
        t.zeroLossThreshold = 1e-3;
        t.augment = "none";
        return t;
    }

    private kdlab.engine.config.Experiment teacherExperiment(String dataSpec) {
        return Shortcuts.teacher(dataSpec, model, options(teacherEpochs, lr, 0, 0));
    }

    private kdlab.engine.config.Experiment studentExperiment(String dataSpec, Path teacher, String noise, double lambda) {
        return Shortcuts.student(teacher, dataSpec, model, noise, "fixed", lambda, List.of(), "none", options(studentEpochs, studentLr, patience, studentTrainSize));
    }
}
