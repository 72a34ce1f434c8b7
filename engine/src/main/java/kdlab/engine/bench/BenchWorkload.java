package kdlab.engine.bench;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A reference speed workload: a teacher and a student of the same model, the student trained on fresh noisy
 * inputs with cross-entropy plus the mean squared feature difference at {@code taps} against the frozen
 * teacher on the clean inputs (Hong et al., CVPR 2021), SGD with momentum 0.9.
 *
 * @param name the name {@code kdlab bench} takes
 * @param model the model spec of teacher and student (width and depth may be overridden)
 * @param example the shape of one input, without the batch dimension
 * @param batch examples per step
 * @param samples examples per timed epoch
 * @param taps the matched taps; empty for every tap the model has
 * @param description one line for {@code kdlab bench --help}
 */
public record BenchWorkload(String name, String model, Shape example, int batch, int samples, List<String> taps, String description) {
    /** Copies the tap list. */
    public BenchWorkload {
        taps = List.copyOf(taps);
    }
}
