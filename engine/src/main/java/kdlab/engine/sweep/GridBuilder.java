package kdlab.engine.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kdlab.engine.UsageException;

/**
 * Expands a sweep file at a scale into its grid: the product of its axes, the first varying slowest, seeds
 * last. Each cell's overrides are the top-level {@code set}, the scale's {@code set}, one value of each axis,
 * then {@code seed=S}.
 */
public final class GridBuilder {
    private GridBuilder() {}

    /**
     * @param sweep the sweep file
     * @param scale a scale name, or null for none
     * @param experimentFile the experiment file the cells' commands name (the sweep's own, or the copy of an
     *     inline experiment in the sweep directory)
     * @param extra overrides given on the command line, applied last to every cell (e.g. {@code data=DIR})
     * @return the grid
     * @throws UsageException when the scale is unknown, missing where the file has scales, or two cells share a name
     */
    public static Grid build(SweepFile sweep, String scale, Path experimentFile, List<String> extra) {
        List<String> base = new ArrayList<>(sweep.set());
        List<Axis> axes = sweep.axes();
        List<Long> seeds = sweep.seeds();
        if (scale != null) {
            SweepFile.Scale s = sweep.scales().get(scale);
            if (s == null) {
                throw new UsageException(sweep.file() + ": --scale " + scale + ": expected one of the file's scales "
                        + (sweep.scales().isEmpty() ? "(it has none; leave --scale out)" : sweep.scales().keySet()) + ", found '" + scale + "'");
            }
            base.addAll(s.set());
            axes = s.axes() != null ? s.axes() : axes;
            seeds = s.seeds() != null ? s.seeds() : seeds;
        } else if (!sweep.scales().isEmpty()) {
            throw new UsageException(sweep.file() + ": the sweep has scales " + sweep.scales().keySet() + "; choose one with --scale");
        }
        List<String> axisNames = new ArrayList<>();
        axes.forEach(a -> axisNames.add(a.name()));
        if (!seeds.isEmpty()) {
            axisNames.add(Axis.SEED);
        }
        List<SweepCell> cells = new ArrayList<>();
        int[] at = new int[axes.size()];
        int total = 1;
        for (Axis a : axes) {
            total = Math.multiplyExact(total, a.values().size());
        }
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int combo = 0; combo < total; combo++) {
            int rest = combo;
            for (int i = axes.size() - 1; i >= 0; i--) {
                at[i] = rest % axes.get(i).values().size();
                rest /= axes.get(i).values().size();
            }
            for (int s = 0; s < Math.max(1, seeds.size()); s++) {
                Map<String, String> values = new LinkedHashMap<>();
                List<String> sets = new ArrayList<>(base);
                for (int i = 0; i < axes.size(); i++) {
                    Axis.Value v = axes.get(i).values().get(at[i]);
                    values.put(axes.get(i).name(), v.label());
                    sets.addAll(v.sets());
                }
                if (!seeds.isEmpty()) {
                    values.put(Axis.SEED, Long.toString(seeds.get(s)));
                    sets.add("seed=" + seeds.get(s));
                }
                sets.addAll(extra);
                String name = CellNames.of(values);
                Integer clash = names.putIfAbsent(name, cells.size());
                if (clash != null) {
                    throw new UsageException(sweep.file() + ": cells " + clash + " and " + cells.size() + " get the same name '" + name
                            + "'; give the axis values distinct labels");
                }
                cells.add(new SweepCell(cells.size(), name, values, sets, command(experimentFile, sets, name)));
            }
        }
        return new Grid(sweep.file().toString(), scale, axisNames, cells, sweep.analysis());
    }

    private static String command(Path experimentFile, List<String> sets, String name) {
        List<String> words = new ArrayList<>(List.of("kdlab", "train", "--config", experimentFile.toString()));
        for (String s : sets) {
            words.add("--set");
            words.add(s);
        }
        words.add("--out");
        words.add(Grid.CELLS + "/" + name);
        return SelfInvocation.shellLine(words);
    }
}
