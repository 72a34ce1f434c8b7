package kdlab.engine.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kdlab.engine.UsageException;
import kdlab.engine.optim.ParameterOptimizer;
import kdlab.models.Trainability;

/**
 * One checkpoint file: loop state, model parameters and optimizer state, written atomically. DJL's
 * {@code saveParameters} covers only the weights; the rest is ours so that a run can continue exactly.
 */
public final class Checkpoint {
    private static final String MAGIC = "KDLAB-CHECKPOINT";
    private static final int VERSION = 3;

    private Checkpoint() {}

    /**
     * @param file the checkpoint file
     * @param state the loop counters
     * @param model the model
     * @param optimizer the optimizer, or null
     * @throws IOException on a write failure; the previous file is then untouched
     */
    public static void save(Path file, LoopState state, Block model, ParameterOptimizer optimizer) throws IOException {
        save(file, state, model, optimizer, java.util.Map.of());
    }

    /**
     * @param file the checkpoint file
     * @param state the loop counters
     * @param model the model
     * @param optimizer the optimizer, or null
     * @param connectors blocks trained with the model (by tap name), saved in a section of their own so that
     *     the model section still loads on its own (as a teacher, or for evaluation)
     * @throws IOException on a write failure; the previous file is then untouched
     */
    public static void save(Path file, LoopState state, Block model, ParameterOptimizer optimizer, java.util.Map<String, Block> connectors)
            throws IOException {
        save(file, state, model, optimizer, connectors, java.util.Map.of());
    }

    /**
     * @param file the checkpoint file
     * @param state the loop counters
     * @param model the model
     * @param optimizer the optimizer, or null
     * @param parts blocks trained with the model (loss terms' connectors and heads, by "TERM/PART"), saved in a
     *     section of their own so that the model section still loads on its own (as a teacher, or for evaluation)
     * @param termStates loss terms' state arrays by term name (version 3 and later)
     * @throws IOException on a write failure; the previous file is then untouched
     */
    public static void save(Path file, LoopState state, Block model, ParameterOptimizer optimizer, java.util.Map<String, Block> parts,
            java.util.Map<String, NDList> termStates) throws IOException {
        java.util.Map<String, Block> connectors = parts;
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            byte[] json = Json.MAPPER.writeValueAsBytes(state);
            out.writeInt(json.length);
            out.write(json);
            ByteArrayOutputStream params = new ByteArrayOutputStream();
            model.saveParameters(new DataOutputStream(params));
            out.writeInt(params.size());
            params.writeTo(out);
            byte[] opt = optimizer == null ? new NDList().encode() : optimizer.stateArrays().encode();
            out.writeInt(opt.length);
            out.write(opt);
            out.writeLong(optimizer == null ? 0 : optimizer.steps());
            out.writeInt(connectors.size());
            for (var e : new java.util.TreeMap<>(connectors).entrySet()) {
                ByteArrayOutputStream c = new ByteArrayOutputStream();
                e.getValue().saveParameters(new DataOutputStream(c));
                out.writeUTF(e.getKey());
                out.writeInt(c.size());
                c.writeTo(out);
            }
            out.writeInt(termStates.size());
            for (var e : new java.util.TreeMap<>(termStates).entrySet()) {
                byte[] arrays = e.getValue().encode();
                out.writeUTF(e.getKey());
                out.writeInt(arrays.length);
                out.write(arrays);
            }
            out.flush();
        });
    }

    /**
     * Reads only the loop state of a checkpoint.
     *
     * @param file the checkpoint file
     * @return its loop state
     */
    public static LoopState readState(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new UsageException(file + ": not a kdlab checkpoint");
            }
            int version = in.readInt();
            if (version < 1 || version > VERSION) {
                throw new UsageException(file + ": expected checkpoint version 1 to " + VERSION + ", found " + version);
            }
            return Json.MAPPER.readValue(new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8), LoopState.class);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read checkpoint: " + e.getMessage(), e);
        }
    }

    private static java.util.Map<String, ai.djl.ndarray.types.Shape> shapes(Block model) {
        java.util.Map<String, ai.djl.ndarray.types.Shape> m = new java.util.LinkedHashMap<>();
        model.getParameters().forEach(p -> m.put(p.getKey(), p.getValue().isInitialized() ? p.getValue().getArray().getShape() : null));
        return m;
    }

    /**
     * Loads parameters (and optimizer state when given) into an initialised model.
     *
     * @param file the checkpoint file
     * @param model a model of the same architecture
     * @param manager the manager the parameters load into
     * @param optimizer the optimizer to restore, or null to skip its state
     * @return the saved loop state
     * @throws UsageException when the file is missing, not a kdlab checkpoint, or does not fit the model
     */
    public static LoopState load(Path file, Block model, NDManager manager, ParameterOptimizer optimizer) {
        return load(file, model, manager, optimizer, java.util.Map.of());
    }

    /**
     * Loads parameters, optimizer state and connectors into initialised blocks.
     *
     * @param file the checkpoint file
     * @param model a model of the same architecture
     * @param manager the manager the parameters load into
     * @param optimizer the optimizer to restore, or null to skip its state
     * @param connectors connectors to restore by tap name; each must be in the file
     * @return the saved loop state
     */
    public static LoopState load(Path file, Block model, NDManager manager, ParameterOptimizer optimizer, java.util.Map<String, Block> connectors) {
        return load(file, model, manager, optimizer, connectors, null);
    }

    /**
     * Loads parameters, optimizer state, the loss terms' parts and their state into initialised blocks.
     *
     * @param file the checkpoint file
     * @param model a model of the same architecture
     * @param manager the manager the parameters load into
     * @param optimizer the optimizer to restore, or null to skip its state
     * @param connectors the terms' trainable parts to restore, by "TERM/PART"; each must be in the file
     * @param objective the objective whose terms' state is restored, or null to skip term state
     * @return the saved loop state
     */
    public static LoopState load(Path file, Block model, NDManager manager, ParameterOptimizer optimizer, java.util.Map<String, Block> connectors,
            kdlab.engine.objective.Objective objective) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": expected a kdlab checkpoint file, found none");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            DataInputStream in = new DataInputStream(raw);
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new UsageException(file + ": not a kdlab checkpoint (header '" + magic + "')");
            }
            int version = in.readInt();
            if (version < 1 || version > VERSION) {
                throw new UsageException(file + ": expected checkpoint version 1 to " + VERSION + ", found " + version);
            }
            byte[] json = in.readNBytes(in.readInt());
            LoopState state = Json.MAPPER.readValue(new String(json, StandardCharsets.UTF_8), LoopState.class);
            byte[] params = in.readNBytes(in.readInt());
            java.util.Map<String, ai.djl.ndarray.types.Shape> expected = shapes(model);
            try {
                model.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(params)));
            } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
                throw new UsageException(file + ": parameters do not fit the model (" + e.getMessage() + ")", e);
            }
            Trainability.reapply(model);
            java.util.Map<String, ai.djl.ndarray.types.Shape> found = shapes(model);
            for (var e : expected.entrySet()) {
                // DJL loads whatever shapes the file holds; a mismatch would only surface as a failed matmul later.
                if (!e.getValue().equals(found.get(e.getKey()))) {
                    throw new UsageException(file + ": parameters do not fit the model: " + e.getKey() + " expected shape "
                            + e.getValue() + ", found " + found.get(e.getKey()));
                }
            }
            byte[] opt = in.readNBytes(in.readInt());
            long steps = in.readLong();
            if (optimizer != null) {
                try (NDList arrays = NDList.decode(manager, opt)) {
                    optimizer.restore(arrays, steps);
                }
            }
            java.util.Set<String> missing = new java.util.TreeSet<>(connectors.keySet());
            // Version 1 had no connector section.
            int count = version >= 2 ? in.readInt() : 0;
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] bytes = in.readNBytes(in.readInt());
                Block connector = connectors.get(name);
                if (connector != null) {
                    try {
                        connector.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes)));
                    } catch (MalformedModelException | IllegalArgumentException e) {
                        throw new UsageException(file + ": the trained part " + name + " does not fit (" + e.getMessage() + ")", e);
                    }
                    Trainability.reapply(connector);
                    missing.remove(name);
                }
            }
            if (!missing.isEmpty()) {
                throw new UsageException(file + ": expected the trained parts " + missing + ", found none saved");
            }
            if (objective != null) {
                java.util.Set<String> stateless = new java.util.TreeSet<>(objective.states().keySet());
                int states = version >= 3 ? in.readInt() : 0;
                for (int i = 0; i < states; i++) {
                    String name = in.readUTF();
                    byte[] bytes = in.readNBytes(in.readInt());
                    try {
                        objective.term(name).restoreState(NDList.decode(manager, bytes));
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        throw new UsageException(file + ": the state saved for loss term " + name + " does not fit (" + e.getMessage() + ")", e);
                    }
                    stateless.remove(name);
                }
                if (!stateless.isEmpty()) {
                    throw new UsageException(file + ": expected the state of loss terms " + stateless + ", found none saved");
                }
            }
            return state;
        } catch (java.io.EOFException e) {
            throw new UsageException(file + ": checkpoint is truncated", e);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read checkpoint: " + e.getMessage(), e);
        }
    }
}
