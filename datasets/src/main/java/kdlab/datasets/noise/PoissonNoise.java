package kdlab.datasets.noise;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import kdlab.datasets.DataException;

/**
 * Photon-count (shot) noise of low-light imaging: each intensity x, clipped to [0, 1], becomes
 * Poisson(k·x)/k for a photon budget k; fewer photons, more noise (variance x/k).
 *
 * <p>DJL's PyTorch engine does not implement {@code samplePoisson}, so each count is drawn by inverting the
 * Poisson CDF at one standard normal z (one {@code randomNormal} per value from the engine's seeded generator,
 * u = Φ(z) its uniform) with a fixed sequence of 31 elementwise ops, whatever the rate λ = k·x: no host read, no
 * loop over counts, nothing that depends on the device, and at most five batch-sized float32 temporaries at once.
 *
 * <ul>
 *   <li>Counts 0 and 1 are exact inversion (Devroye, <i>Non-Uniform Random Variate Generation</i>, 1986, §II.2):
 *       X ≥ 1 iff u &gt; e^−λ and X ≥ 2 iff u &gt; e^−λ(1 + λ), tested as w = λ + ln u against 0 and ln(1 + λ).
 *       So λ = 0 gives exactly 0, and P(X = 0), P(X = 1) are exact up to float32 rounding of u (about 6·10⁻⁸)
 *       and a margin of {@value #ZERO_MARGIN} in w that keeps λ = 0 at 0 whatever the rounding of the logarithm.
 *   <li>Counts of 2 and more take the Cornish–Fisher quantile (Cornish and Fisher, Rev. Int. Stat. Inst. 5, 1937)
 *       of the Poisson's cumulants (all equal to λ), continuity-corrected at the half-integers with the lattice
 *       term of Esseen (Acta Math. 77, 1945), which there acts as Sheppard's correction −1/12 to the variance:
 *       X = ⌊λ + √λ·z + (z² + 2)/6 − (z³ + 2z)/(72·√λ)⌋, floored at 2. The last term's √λ is held at
 *       {@value #ROOT_FLOOR} or above, where the series would diverge and the exact counts 0 and 1 carry most
 *       of the mass anyway.
 * </ul>
 *
 * <p>Accuracy, from the exact pmf of this map over a quadrature of 8·10⁶ normal quantiles (float64) on a fine
 * grid of rates, and checked by {@code PoissonDistributionTest} on 10⁶ float32 draws per rate: total-variation
 * distance from Poisson(λ) at most 0.0003 for λ ≤ 0.5, 0.001 for λ ≤ 1, 0.0025 for λ ≤ 10 (its worst, 0.0024,
 * near λ = 2.3), 0.0005 from 10 on and 0.00005 from 50 on; mean within 0.0025 of λ and variance within 1.2% of
 * λ everywhere, both within 0.01% of λ from λ = 10 on. From λ = 20 on a chi-square test on 10⁶ draws cannot tell
 * it from Poisson; below that it can, through the counts of 2 and more.
 */
public final class PoissonNoise implements Noise {
    /**
     * Where the second-order term's √λ is floored. Of 0.3 to 2 tried, 1.0 to 1.3 give the smallest worst-case
     * distance (0.0024, set by rates above 1.69 that no floor there touches); 1.2 is their best compromise below
     * λ = 1, where 1.3 would halve the variance error near λ = 1 but double the distance below λ = 0.5.
     */
    static final float ROOT_FLOOR = 1.2f;
    /** Subtracted from λ + ln u before the exact tests; shifts P(X = 0) and P(X ≤ 1) by at most this. */
    static final double ZERO_MARGIN = 2e-6;
    /** 2²⁴: beyond every count a float32 holds exactly, so that the cap for X ≥ 2 never binds. */
    private static final float BIG = 1 << 24;

    private final double photons;

    /** @param photons the photon count of a white pixel, &gt; 0 */
    public PoissonNoise(double photons) {
        if (!(photons > 0)) {
            throw new DataException("--noise poisson: expected PHOTONS > 0, found " + photons);
        }
        this.photons = photons;
    }

    @Override
    public NDArray apply(NDArray clean) {
        Scalars c = Scalars.on(clean.getDevice());
        NDManager owner = clean.getManager();
        try (NDManager tmp = owner.newSubManager()) {
            // Lent to tmp until it closes, so that every array made here lives there, down to the scalars DJL makes
            // for clip's bounds and does not close; the owner gets back its input, and only the result.
            clean.tempAttach(tmp);
            NDArray lam = clean.clip(0, 1);
            if (lam.getDataType() != DataType.FLOAT32) {
                lam = lam.toType(DataType.FLOAT32, false);
            }
            lam.muli((float) photons);
            NDArray root = lam.sqrt();
            NDArray heldRoot = root.maximum(c.rootFloor);
            // y = z/6 folds the quantile's 1/6 and 1/72 into the draw: q = λ + 1/3 + 6y·(√λ + y − (y² + 1/18)/(2r)).
            NDArray y = tmp.randomNormal(0f, 1f / 6, clean.getShape(), DataType.FLOAT32, clean.getDevice());
            NDArray q = y.mul(y);
            q.addi(c.oneEighteenth).divi(heldRoot).muli(c.minusHalf).addi(root).addi(y).muli(y).muli(c.six);
            heldRoot.close();
            root.close();
            NDArray mu = lam.addi(c.third);
            q.addi(mu);

            // e = erf(z/√2) = 2u − 1, so ln(1 + e) = ln u + ln 2 and w = ln(1 + e) + µ − 1/3 − ln 2 = λ + ln u.
            NDArray half = y.mul(c.erfScale);
            y.close();
            NDArray e = half.erf();
            half.close();
            NDArray w = e.addi(c.one).log();
            e.close();
            w.addi(mu).subi(c.logShift);
            // h = w / ln(1 + λ) is ≤ 0 for X = 0, in (0, 1] for X = 1 and above 1 for X ≥ 2; at λ = 0 it is −∞.
            NDArray onePlus = mu.addi(c.twoThirds);
            NDArray logOnePlus = onePlus.log();
            onePlus.close();
            w.divi(logOnePlus);
            logOnePlus.close();
            NDArray step = w.ceil();
            w.close();
            // cap = max(BIG·(⌈h⌉ − 1) + 1, 0): 0 for X = 0, 1 for X = 1, beyond any count for X ≥ 2.
            step.muli(c.big).subi(c.bigLessOne);
            NDArray cap = step.maximum(c.zero);
            step.close();
            NDArray atLeastTwo = q.maximum(c.two);
            q.close();
            NDArray counts = atLeastTwo.floor();
            atLeastTwo.close();
            NDArray noisy = counts.minimum(cap);
            counts.close();
            cap.close();
            noisy.divi((float) photons);
            if (clean.getDataType() != DataType.FLOAT32) {
                noisy = noisy.toType(clean.getDataType(), false);
            }
            noisy.attach(owner);
            return noisy;
        }
    }

    @Override
    public String spec() {
        return "poisson:" + photons;
    }

    /**
     * The sampler's fixed scalars as 0-d arrays of one device, made once: DJL makes a fresh 0-d array for every
     * op with a Java number (and clip leaves its two behind), some microseconds each, thirteen times a draw here.
     */
    private static final class Scalars {
        private static final Map<Device, Scalars> BY_DEVICE = new ConcurrentHashMap<>();

        final NDArray zero;
        final NDArray one;
        final NDArray two;
        final NDArray third;
        final NDArray twoThirds;
        final NDArray oneEighteenth;
        final NDArray minusHalf;
        final NDArray six;
        final NDArray rootFloor;
        final NDArray erfScale;
        final NDArray logShift;
        final NDArray big;
        final NDArray bigLessOne;

        private Scalars(Device device) {
            // Kept for the life of the process, as the engine keeps its own system manager: 13 numbers a device.
            NDManager m = NDManager.newBaseManager(device);
            zero = m.create(0f);
            one = m.create(1f);
            two = m.create(2f);
            third = m.create(1f / 3);
            twoThirds = m.create(2f / 3);
            oneEighteenth = m.create(1f / 18);
            minusHalf = m.create(-0.5f);
            six = m.create(6f);
            rootFloor = m.create(ROOT_FLOOR);
            erfScale = m.create((float) (3 * Math.sqrt(2)));
            logShift = m.create((float) (1.0 / 3 + Math.log(2) + ZERO_MARGIN));
            big = m.create(BIG);
            bigLessOne = m.create(BIG - 1);
        }

        static Scalars on(Device device) {
            return BY_DEVICE.computeIfAbsent(device, Scalars::new);
        }
    }
}
