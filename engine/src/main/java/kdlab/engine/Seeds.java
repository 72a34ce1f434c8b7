package kdlab.engine;

import ai.djl.engine.Engine;
import java.util.SplittableRandom;

/**
 * Splits one run seed into independent streams by purpose and epoch. libtorch has one global generator,
 * so each random phase (initialisation, the fixed noise draw, an epoch's shuffling and fresh noise)
 * reseeds it from (seed, purpose, epoch): a phase's draws then do not depend on how much randomness the
 * phases before it consumed, which is what makes resuming at an epoch boundary reproduce the same run.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * @param seed the run seed
     * @param purpose a stable name of the phase ("init", "noise", "epoch" ...)
     * @param index the epoch or another counter
     * @return a derived seed that fits libtorch's {@code manual_seed}
     */
    public static int derive(long seed, String purpose, long index) {
        long mixed = new SplittableRandom(seed).nextLong() ^ (purpose.hashCode() * 0x9E3779B97F4A7C15L) ^ (index * 0xBF58476D1CE4E5B9L);
        return new SplittableRandom(mixed).nextInt() & 0x7fffffff;
    }

    /**
     * Reseeds libtorch's global generator for one phase.
     *
     * @param seed the run seed
     * @param purpose the phase name
     * @param index the epoch or another counter
     */
    public static void reseed(long seed, String purpose, long index) {
        Engine.getInstance().setRandomSeed(derive(seed, purpose, index));
    }
}
