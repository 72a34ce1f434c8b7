package kdlab.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The input corruption of the student's noisy view (Hong et al., CVPR 2021). An experiment writes either the
 * spec alone ({@code noise: gaussian:1.0}) or both keys ({@code noise: {spec: gaussian:1.0, mode: fresh}}).
 *
 * @param spec gaussian:SIGMA, poisson:PHOTONS, saltpepper:P or none
 * @param mode fixed (one draw per training example, kept every epoch) or fresh (a new draw per batch)
 */
public record NoiseSetting(String spec, String mode) {
    /** No noise. */
    public static final NoiseSetting NONE = new NoiseSetting("none", "fixed");

    /**
     * @param spec the noise spec
     * @param mode the mode, fixed when absent
     */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public NoiseSetting(@JsonProperty("spec") String spec, @JsonProperty("mode") String mode) {
        this.spec = spec == null ? "none" : spec;
        this.mode = mode == null ? "fixed" : mode;
    }

    /**
     * @param spec the noise spec alone
     * @return the setting with fixed noise
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NoiseSetting of(String spec) {
        return new NoiseSetting(spec, "fixed");
    }

    /** @return whether the noisy view differs from the clean one */
    public boolean present() {
        return !"none".equals(spec);
    }
}
