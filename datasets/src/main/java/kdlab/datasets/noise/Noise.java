package kdlab.datasets.noise;

import ai.djl.ndarray.NDArray;
import java.util.Locale;
import kdlab.datasets.DataException;

/** A corruption of clean inputs, computed on their device. */
public interface Noise {
    /** The forms {@link #parse} accepts, for error messages. */
    String FORMS = "gaussian:SIGMA (SIGMA >= 0), poisson:PHOTONS (PHOTONS > 0), saltpepper:P (0 <= P <= 1) or none";

    /**
     * @param clean clean inputs (pixel values in [0, 1] for images)
     * @return a noisy copy on the same device and manager
     */
    NDArray apply(NDArray clean);

    /** @return the spec string that {@link #parse} reads back */
    String spec();

    /**
     * @param spec {@code gaussian:SIGMA}, {@code poisson:PHOTONS}, {@code saltpepper:P} or {@code none}
     * @return the noise
     * @throws DataException naming the spec, the accepted forms and what was wrong
     */
    static Noise parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new DataException("--noise: expected " + FORMS + ", found nothing");
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none")) {
            return NoNoise.INSTANCE;
        }
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        if (!kind.equals("gaussian") && !kind.equals("poisson") && !kind.equals("saltpepper")) {
            throw new DataException("--noise '" + spec + "': unknown noise '" + kind + "'; expected " + FORMS);
        }
        if (colon < 0 || colon == s.length() - 1) {
            throw new DataException("--noise '" + spec + "': missing the level after '" + kind + ":'; expected " + FORMS);
        }
        double level;
        try {
            level = Double.parseDouble(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new DataException("--noise '" + spec + "': expected a number after '" + kind + ":', found '" + s.substring(colon + 1) + "'");
        }
        if (!Double.isFinite(level)) {
            throw new DataException("--noise '" + spec + "': expected a finite level, found " + level);
        }
        return switch (kind) {
            case "gaussian" -> new GaussianNoise(level);
            case "poisson" -> new PoissonNoise(level);
            default -> new SaltPepperNoise(level);
        };
    }
}
