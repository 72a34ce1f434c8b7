package kdlab.engine.objective;

import java.util.Locale;

/**
 * How a term's weight changes over training: the weight of a step is {@code weight · factor(progress)}.
 * Written as text in an experiment: {@code constant}; {@code ramp:E}, a linear rise from 0 to the full weight
 * over the first E epochs (SoTeacher's consistency ramp, Dong et al. ICLR 2024; DKD's warm-up, Zhao et al.
 * CVPR 2022); {@code warmup:E}, off for the first E epochs, then the full weight (a term that needs a
 * trained student first). SoTeacher's consistency schedules (Dong et al., ICLR 2024; PAPERS.md §3.3) change
 * the weight at epoch ends only: during the 1-based epoch e of E, {@code sot-linear} gives e/E,
 * {@code sot-cosine} cos((1 − e/E)·π/2), {@code sot-cycle} √(1 − (1 − e/E)²) and {@code sot-step:S} 1 once
 * e > S — each 0 in epoch 1, where the consistency table holds nothing yet. The factor is a host number computed from the loop counters, so it costs no device
 * read and a resumed run gets the same factors.
 *
 * @param kind constant, ramp or warmup
 * @param epochs the ramp length or the warm-up, in epochs (0 for constant)
 */
public record WeightSchedule(String kind, double epochs) {
    /** The default: the weight as written, every step. */
    public static final WeightSchedule CONSTANT = new WeightSchedule("constant", 0);

    /** Validates. */
    public WeightSchedule {
        if (!"constant".equals(kind) && !kind.startsWith("sot-") && !(Double.isFinite(epochs) && epochs > 0)) {
            throw new IllegalArgumentException("schedule " + kind + ": expected a length in epochs > 0, found " + epochs);
        }
    }

    /**
     * @param text {@code constant}, {@code ramp:E} or {@code warmup:E}
     * @return the schedule
     * @throws IllegalArgumentException naming what was expected and found
     */
    public static WeightSchedule parse(String text) {
        String form = "expected constant, ramp:EPOCHS, warmup:EPOCHS, sot-linear, sot-cosine, sot-cycle or sot-step:EPOCH";
        if (text == null || text.isBlank() || "constant".equalsIgnoreCase(text.trim())) {
            return CONSTANT;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("sot-linear") || t.equals("sot-cosine") || t.equals("sot-cycle")) {
            return new WeightSchedule(t, 0);
        }
        String[] parts = t.split(":", -1);
        if (parts.length == 2 && "sot-step".equals(parts[0])) {
            try {
                double start = Double.parseDouble(parts[1]);
                if (start >= 0) {
                    return new WeightSchedule("sot-step", start);
                }
            } catch (NumberFormatException ex) {
                // reported below
            }
            throw new IllegalArgumentException(form + ", found '" + text + "'");
        }
        if (parts.length != 2 || !("ramp".equals(parts[0]) || "warmup".equals(parts[0]))) {
            throw new IllegalArgumentException(form + ", found '" + text + "'");
        }
        double e;
        try {
            e = Double.parseDouble(parts[1]);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(form + ", found '" + text + "'");
        }
        return new WeightSchedule(parts[0], e);
    }

    /**
     * @param progress where the step is
     * @return the weight's factor in [0, 1]
     */
    public double factor(StepProgress progress) {
        double done = progress.elapsedEpochs();
        // The 1-based epoch and its share of the run, for the schedules that change at epoch ends only.
        int epoch = progress.epoch() + 1;
        double share = (double) epoch / Math.max(1, progress.plannedEpochs());
        if (kind.startsWith("sot-") && epoch == 1) {
            return 0.0;
        }
        return switch (kind) {
            case "ramp" -> Math.min(1.0, done / epochs);
            case "warmup" -> done < epochs ? 0.0 : 1.0;
            case "sot-linear" -> share;
            case "sot-cosine" -> Math.cos((1 - share) * Math.PI / 2);
            case "sot-cycle" -> Math.sqrt(Math.max(0, 1 - (1 - share) * (1 - share)));
            case "sot-step" -> epoch > epochs ? 1.0 : 0.0;
            default -> 1.0;
        };
    }

    /** @return the text form, which {@link #parse} reads back */
    public String spec() {
        if ("constant".equals(kind) || "sot-linear".equals(kind) || "sot-cosine".equals(kind) || "sot-cycle".equals(kind)) {
            return kind;
        }
        return kind + ":" + (epochs == Math.rint(epochs) ? Long.toString((long) epochs) : Double.toString(epochs));
    }
}
