package kdlab.engine.optim;

import java.util.Locale;

/**
 * A learning rate as a pure function of the epoch and the step within it, so a resumed run computes the
 * same rate from its counters alone.
 *
 * @param kind constant, step or cosine
 * @param base the initial learning rate
 * @param stepEvery for {@code step}: epochs between decays
 * @param gamma for {@code step} and {@code multistep}: the decay factor
 * @param milestones for {@code multistep}: the epochs at which the rate is multiplied by γ
 */
public record LrSchedule(Kind kind, double base, int stepEvery, double gamma, java.util.List<Integer> milestones) {
    /** Schedule families. */
    public enum Kind {
        /** The base rate throughout. */
        CONSTANT,
        /** base·γ^⌊epoch/stepEvery⌋. */
        STEP,
        /** Cosine annealing from base to 0 over the whole run, per step. */
        COSINE,
        /** base·γ^(number of milestones ≤ epoch), as RepDistiller's CIFAR-100 recipe (150, 180, 210). */
        MULTISTEP
    }

    /** Validates the fields. */
    public LrSchedule {
        milestones = milestones == null ? java.util.List.of() : java.util.List.copyOf(milestones);
        if (!(base > 0) || !Double.isFinite(base)) {
            throw new IllegalArgumentException("--lr: expected a positive number, found " + base);
        }
        if (kind == Kind.MULTISTEP && (milestones.isEmpty() || !(gamma > 0))) {
            throw new IllegalArgumentException("multistep schedule: expected milestones and gamma > 0, found " + milestones + ", " + gamma);
        }
        if (kind == Kind.STEP && (stepEvery <= 0 || !(gamma > 0))) {
            throw new IllegalArgumentException("step schedule: expected step-every > 0 and gamma > 0, found " + stepEvery + ", " + gamma);
        }
    }

    /**
     * Parses {@code constant}, {@code step:EVERY:GAMMA} or {@code cosine}.
     *
     * @param spec the flag value
     * @param base the base learning rate
     * @return the schedule
     */
    public static LrSchedule parse(String spec, double base) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("constant")) {
            return new LrSchedule(Kind.CONSTANT, base, 0, 1, null);
        }
        if (s.equals("cosine")) {
            return new LrSchedule(Kind.COSINE, base, 0, 1, null);
        }
        if (s.startsWith("multistep:")) {
            String[] parts = s.split(":");
            try {
                if (parts.length == 3) {
                    java.util.List<Integer> ms = new java.util.ArrayList<>();
                    for (String m : parts[1].split(",")) {
                        ms.add(Integer.parseInt(m.trim()));
                    }
                    return new LrSchedule(Kind.MULTISTEP, base, 0, Double.parseDouble(parts[2]), ms);
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        if (s.startsWith("step:")) {
            String[] parts = s.split(":");
            try {
                if (parts.length == 3) {
                    return new LrSchedule(Kind.STEP, base, Integer.parseInt(parts[1]), Double.parseDouble(parts[2]), null);
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("--schedule: expected constant, cosine, step:EVERY:GAMMA (e.g. step:30:0.1) or multistep:E1,E2,...:GAMMA (e.g. multistep:150,180,210:0.1), found '" + spec + "'");
    }

    /** @return the spec string that {@link #parse} reads back */
    public String spec() {
        return switch (kind) {
            case CONSTANT -> "constant";
            case COSINE -> "cosine";
            case STEP -> "step:" + stepEvery + ":" + gamma;
            case MULTISTEP -> "multistep:" + milestones.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + ":" + gamma;
        };
    }

    /**
     * @param epoch zero-based epoch
     * @param stepInEpoch zero-based step within the epoch
     * @param stepsPerEpoch steps in one epoch
     * @param epochs planned epochs
     * @return the learning rate for that step
     */
    public float rate(int epoch, int stepInEpoch, int stepsPerEpoch, int epochs) {
        return (float) switch (kind) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(gamma, epoch / stepEvery);
            case MULTISTEP -> base * Math.pow(gamma, milestones.stream().filter(m -> m <= epoch).count());
            case COSINE -> {
                double t = (epoch * (double) stepsPerEpoch + stepInEpoch) / Math.max(1.0, (double) epochs * stepsPerEpoch);
                yield 0.5 * base * (1 + Math.cos(Math.PI * t));
            }
        };
    }
}
