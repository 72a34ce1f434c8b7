package kdlab.engine.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training phase that runs before an experiment's main training: RepDistiller's initialisation of AB, FT
 * and FSP ({@code helper/pretrain.py}: 30 {@code init_epochs} in which only the connectors, the paraphraser or
 * the student's feature layers learn, from their own loss). A phase reuses the experiment's data, batch size,
 * seed and optimizer type; it trains with a fresh optimizer at a constant rate, never stops early and keeps
 * its last weights. Its terms are the experiment's own term instances, so what a phase trains is what the main
 * training then uses.
 *
 * @param name the phase's name (unique, not {@code main}); terms read it through {@code StepProgress.phase()},
 *     and the phase's metrics and checkpoints go to {@code RUN/phases/NAME/}
 * @param epochs epochs of the phase, at least 1
 * @param trains what the phase's optimizer updates: {@code student} (the whole student), {@code parts} (the
 *     parts the phase's terms train in it: all of them, but FT's paraphraser alone in FT's phase) or
 *     {@code TERM/PART} (one part); default [student, parts]
 * @param objective the phase's loss: names of the experiment's objective terms, each with its weight here
 * @param lr the phase's learning rate (default: the experiment's optimizer.lr)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"name", "epochs", "trains", "objective", "lr"})
public record PhaseSetting(String name, Integer epochs, List<String> trains, LinkedHashMap<String, Double> objective, Double lr) {
    /** What {@code trains} names when it is left out. */
    public static final List<String> DEFAULT_TRAINS = List.of("student", "parts");

    /**
     * @param experimentLr the experiment's learning rate
     * @return this phase with every default written out
     */
    public PhaseSetting withDefaults(double experimentLr) {
        return new PhaseSetting(name, epochs, trains == null || trains.isEmpty() ? DEFAULT_TRAINS : List.copyOf(trains),
                objective == null ? new LinkedHashMap<>() : objective, lr == null ? experimentLr : lr);
    }

    /** @return the phase's terms and weights, in the order written */
    public Map<String, Double> weights() {
        return objective == null ? Map.of() : objective;
    }
}
