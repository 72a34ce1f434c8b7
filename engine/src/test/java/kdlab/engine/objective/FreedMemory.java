package kdlab.engine.objective;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Provokes, between a forward and a backward pass, what a long run meets by chance: the JVM collects, the
 * Cleaner frees the direct buffers nobody references any more, and new allocations reuse that memory with other
 * values (1e30 here). A backward pass that reads a tensor over freed memory (see {@link kdlab.models.Scalars}) then
 * gives a visibly wrong gradient, every time, instead of a right one by luck.
 */
final class FreedMemory {
    private FreedMemory() {}

    /**
     * @return the buffers that now hold the freed memory; keep them until the backward pass is done
     */
    static List<ByteBuffer> reuse() {
        List<ByteBuffer> held = new ArrayList<>();
        try {
            for (int round = 0; round < 3; round++) {
                System.gc();
                Thread.sleep(30);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < 2000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 * (1 + i % 16)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(1e30f);
            }
            held.add(b);
        }
        return held;
    }
}
