package kdlab.engine.objective;

import java.util.Locale;

/**
 * How a term's weight changes over training: the weight of a step is {@code weight · factor(progress)}.
 * Written as text in an experiment: {@code constant}; {@code ramp:E}, a linear rise from 0 to the full weight
 * over the first E epochs (SoTeacher's consistency ramp, Dong et al. ICLR 2024; DKD's warm-up, Zhao et al.
 * CVPR 2022); {@code warmup:E}, off for the first E epochs, then the full weight (a term that needs a
 * trained student first). The factor is a host number computed from the loop counters, so it costs no device
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
        if (!"constant".equals(kind) && !(Double.isFinite(epochs) && epochs > 0)) {
            throw new IllegalArgumentException("schedule " + kind + ": expected a length in epochs > 0, found " + epochs);
        }
    }

    /**
     * @param text {@code constant}, {@code ramp:E} or {@code warmup:E}
     * @return the schedule
     * @throws IllegalArgumentException naming what was expected and found
     */
    public static WeightSchedule parse(String text) {
        String form = "expected constant, ramp:EPOCHS or warmup:EPOCHS";
        if (text == null || text.isBlank() || "constant".equalsIgnoreCase(text.trim())) {
            return CONSTANT;
        }
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
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
        return switch (kind) {
            case "ramp" -> Math.min(1.0, done / epochs);
            case "warmup" -> done < epochs ? 0.0 : 1.0;
            default -> 1.0;
        };
    }

    /** @return the text form, which {@link #parse} reads back */
    public String spec() {
        if ("constant".equals(kind)) {
            return "constant";
        }
        return kind + ":" + (epochs == Math.rint(epochs) ? Long.toString((long) epochs) : Double.toString(epochs));
    }
}
