package kdlab.models.fold;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A 2-D convolution whose output only its batch normalisation (Ioffe and Szegedy, ICML 2015)
 * reads, and which can therefore run in inference mode as one convolution with the batch norm
 * folded in (Jacob et al., CVPR 2018, §3.2).
 *
 * <p>The pair does not own the two blocks as DJL children: the block that runs the pair ({@link
 * FoldableBlock}) registers them under the names it always used, so that parameter names stay
 * those of the unfolded network. That block calls {@link #forward} instead of running the two
 * itself.
 *
 * <p>{@link #fold} computes, from the parameters as they are now, the weight {@code
 * W·γ/√(σ² + ε)} (per output channel) and the bias {@code β + (b − μ)·γ/√(σ² + ε)} ({@code b = 0}
 * for a convolution without bias), in double precision, rounded once to the weight's type. Those
 * arrays are no DJL parameters: they are neither saved nor trained nor counted. Until {@link
 * #unfold}, an inference-mode {@link #forward} runs that one convolution and skips the batch
 * norm. The fold is a snapshot of the parameters, so it is dropped, and the pair runs its two
 * blocks as before, when
 *
 * <ul>
 *   <li>a training-mode forward runs: it normalises with the batch's statistics (which the fold
 *       cannot know) and moves the running statistics (which the fold copied);
 *   <li>a parameter's array has been replaced since the fold, as loading parameters does.
 * </ul>
 *
 * <p>Changing a parameter's values in place without a training-mode forward (an optimiser step
 * on a network run only in inference mode) is not noticed: fold again after it. Not thread-safe,
 * like the blocks it runs.
 */
public final class ConvBnPair {

    private final Conv2d conv;
    private final BatchNorm bn;
    private final float epsilon;
    /** Weight, bias (null without one), γ, β, running mean, running variance. */
    private final Parameter[] sources;
    private Folded folded;

    /**
     * Pairs a convolution with a new batch norm over its output channels.
     *
     * <p>The pair builds the batch norm itself because DJL's {@link BatchNorm} does not expose
     * its ε; building it here keeps the ε the fold uses that of the batch norm.
     *
     * @param conv the convolution, whose output only the batch norm may read
     * @param epsilon the batch norm's ε
     */
    public ConvBnPair(Conv2d conv, float epsilon) {
        this.conv = Objects.requireNonNull(conv, "conv");
        this.epsilon = epsilon;
        this.bn = BatchNorm.builder().optEpsilon(epsilon).build();
        // The blocks create their parameters in their constructors; only the arrays change later.
        this.sources = sources(conv, bn);
    }

    /**
     * The convolution, for the owning block to register as a child.
     *
     * @return the convolution
     */
    public Conv2d conv() {
        return conv;
    }

    /**
     * The batch norm, for the owning block to register as a child.
     *
     * @return the batch norm, over axis 1 (the convolution's output channels)
     */
    public BatchNorm bn() {
        return bn;
    }

    /**
     * The batch norm's ε.
     *
     * @return the ε given to the constructor
     */
    public float epsilon() {
        return epsilon;
    }

    /**
     * Folds the batch norm into the convolution from the parameters' current values, replacing
     * an earlier fold; folding twice gives the same arrays.
     *
     * @throws IllegalStateException if a parameter of the pair is not initialised
     */
    public void fold() {
        for (Parameter p : sources) {
            if (p != null && !p.isInitialized()) {
                throw new IllegalStateException(
                        "cannot fold batch norm into convolution: parameter '"
                                + p.getName()
                                + "' is not initialised");
            }
        }
        unfold();
        NDArray w = sources[0].getArray();
        NDManager home = w.getManager().newSubManager();
        try {
            NDArray[] result;
            try (NDScope scope = new NDScope()) {
                result = compute(w);
                NDScope.unregister(result);
            }
            for (NDArray a : result) {
                a.attach(home);
            }
            NDArray[] arrays = new NDArray[sources.length];
            for (int i = 0; i < sources.length; i++) {
                arrays[i] = sources[i] == null ? null : sources[i].getArray();
            }
            folded = new Folded(home, result[0], result[1], arrays);
        } catch (RuntimeException e) {
            home.close();
            throw e;
        }
    }

    /** Drops the fold, if any; the pair then runs its two blocks again. */
    public void unfold() {
        if (folded != null) {
            folded.home.close();
            folded = null;
        }
    }

    /**
     * Whether an inference-mode forward would run the folded convolution now.
     *
     * @return whether the pair is folded and no parameter array was replaced since
     */
    public boolean isFolded() {
        return folded != null && folded.current(sources);
    }

    /**
     * Runs the convolution and the batch norm, or in inference mode the folded convolution.
     *
     * @param store the parameter store, used when the pair runs unfolded
     * @param x the convolution's input
     * @param training whether this is a training pass; a training pass drops the fold
     * @param params the parameters of the forward call, passed on to the two blocks
     * @return the batch norm's output
     */
    public NDArray forward(
            ParameterStore store, NDArray x, boolean training, PairList<String, Object> params) {
        if (!training && isFolded()) {
            NDArray[] wb = folded.on(x.getDevice());
            return Conv2d.conv2d(
                            x,
                            wb[0],
                            wb[1],
                            conv.getStride(),
                            conv.getPadding(),
                            conv.getDilation(),
                            conv.getGroups())
                    .singletonOrThrow();
        }
        // Stale or invalidated by this training pass; folding again is the caller's decision.
        unfold();
        NDList y = conv.forward(store, new NDList(x), training, params);
        return bn.forward(store, y, training, params).singletonOrThrow();
    }

    private static Parameter[] sources(Conv2d conv, BatchNorm bn) {
        PairList<String, Parameter> c = conv.getParameters();
        PairList<String, Parameter> b = bn.getParameters();
        return new Parameter[] {
            c.get("weight"),
            conv.isIncludeBias() ? c.get("bias") : null,
            // DJL creates γ and β whatever its center and scale flags say, and its forward
            // passes them to the operator either way, so the fold reads them either way too.
            b.get("gamma"),
            b.get("beta"),
            b.get("runningMean"),
            b.get("runningVar")
        };
    }

    private NDArray[] compute(NDArray w) {
        NDArray gamma = wide(sources[2]);
        NDArray beta = wide(sources[3]);
        NDArray mean = wide(sources[4]);
        NDArray var = wide(sources[5]);
        // (double) of the float ε is the value libtorch's batch_norm receives.
        NDArray scale = gamma.div(var.add((double) epsilon).sqrt());
        NDArray centred = sources[1] == null ? mean.neg() : wide(sources[1]).sub(mean);
        NDArray bias = beta.add(centred.mul(scale));
        Shape ws = w.getShape();
        Shape perChannel = new Shape(ws.get(0));
        for (int i = 1; i < ws.dimension(); i++) {
            perChannel = perChannel.add(1);
        }
        NDArray weight = wide(sources[0]).mul(scale.reshape(perChannel));
        DataType type = w.getDataType();
        return new NDArray[] {weight.toType(type, false), bias.toType(type, false)};
    }

    /** A detached double-precision copy, on the parameter's own device. */
    private static NDArray wide(Parameter p) {
        return p.getArray().stopGradient().toType(DataType.FLOAT64, true);
    }

    /** The folded arrays, their copies on other devices, and what they were computed from. */
    private static final class Folded {
        final NDManager home;
        final NDArray[] sourceArrays;
        final Map<Device, NDArray[]> byDevice = new HashMap<>();

        Folded(NDManager home, NDArray weight, NDArray bias, NDArray[] sourceArrays) {
            this.home = home;
            this.sourceArrays = sourceArrays;
            byDevice.put(weight.getDevice(), new NDArray[] {weight, bias});
        }

        boolean current(Parameter[] sources) {
            for (int i = 0; i < sources.length; i++) {
                Parameter p = sources[i];
                if (p != null && (!p.isInitialized() || p.getArray() != sourceArrays[i])) {
                    return false;
                }
            }
            return true;
        }

        /** The arrays on {@code device}, copied there once (a parameter store may run there). */
        NDArray[] on(Device device) {
            return byDevice.computeIfAbsent(
                    device,
                    d -> {
                        NDArray[] own = byDevice.values().iterator().next();
                        return new NDArray[] {own[0].toDevice(d, true), own[1].toDevice(d, true)};
                    });
        }
    }
}
