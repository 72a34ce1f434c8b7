package kdlab.engine.sweep;

import kdlab.engine.UsageException;

/**
 * {@code --shard I/N}: the cells whose index is I modulo N. Any N slices a grid into N disjoint parts that
 * together hold every cell once, so a job array of N tasks covers the grid whatever its size.
 *
 * @param index I, from 0 to N - 1
 * @param count N, at least 1
 */
public record Shard(int index, int count) {
    /** The whole grid. */
    public static final Shard ALL = new Shard(0, 1);

    /** Checks the range. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new UsageException("--shard: expected I/N with N >= 1 and 0 <= I < N, found " + index + "/" + count);
        }
    }

    /**
     * @param text I/N
     * @return the shard
     * @throws UsageException when it is not I/N
     */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new UsageException("--shard: expected I/N (e.g. 0/4), found '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new UsageException("--shard: expected I/N with integers (e.g. 0/4), found '" + text + "'", e);
        }
    }

    /**
     * @param cellIndex a cell's index in the grid
     * @return whether the cell belongs to this shard
     */
    public boolean contains(int cellIndex) {
        return cellIndex % count == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
