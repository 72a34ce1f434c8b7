package kdlab.engine.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;

/** Groups the rows by every axis value but the seed and averages each headline metric over the seeds. */
public final class SummaryTable {
    private SummaryTable() {}

    /**
     * @param rows the report's rows in report order
     * @return the groups in the order their first row appears
     */
    public static List<SummaryGroup> of(List<ResultRow> rows) {
        Map<List<String>, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            groups.computeIfAbsent(List.of(r.sweep(), r.group()), k -> new ArrayList<>()).add(r);
        }
        List<SummaryGroup> out = new ArrayList<>();
        for (List<ResultRow> members : groups.values()) {
            ResultRow first = members.get(0);
            Map<String, MetricStats> stats = new LinkedHashMap<>();
            for (String metric : ResultColumns.SUMMARY_METRICS) {
                stats.put(metric, MetricStats.of(members.stream().filter(ResultRow::done).mapToDouble(r -> r.number(metric))
                        .filter(Double::isFinite).toArray()));
            }
            int done = (int) members.stream().filter(ResultRow::done).count();
            out.add(new SummaryGroup(first.sweep(), first.group(), first.axes(), done, members.size() - done, stats));
        }
        return out;
    }

    /**
     * @param axes the axis columns of the report
     * @return summary.csv's columns
     */
    public static List<String> header(List<String> axes) {
        List<String> h = new ArrayList<>(List.of(ResultColumns.SWEEP, "group"));
        h.addAll(axes);
        h.addAll(List.of("done", ResultColumns.MISSING));
        for (String m : ResultColumns.SUMMARY_METRICS) {
            h.addAll(List.of(m + "_mean", m + "_std", m + "_n"));
        }
        return h;
    }

    /**
     * @param file summary.csv
     * @param groups the groups
     * @param axes the axis columns of the report
     * @throws IOException on a write failure
     */
    public static void writeCsv(Path file, List<SummaryGroup> groups, List<String> axes) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(w, ResultsCsv.format(header(axes)))) {
            for (SummaryGroup g : groups) {
                List<String> row = new ArrayList<>(List.of(g.sweep(), g.group()));
                axes.forEach(a -> row.add(g.axes().getOrDefault(a, "")));
                row.addAll(List.of(String.valueOf(g.done()), String.valueOf(g.missing())));
                for (MetricStats s : g.stats().values()) {
                    row.addAll(List.of(RunReader.number(s.mean()), RunReader.number(s.std()), String.valueOf(s.n())));
                }
                p.printRecord(row);
            }
        }
    }

    /**
     * A Markdown table of the groups: one column per metric that any group has, as mean ± std (n).
     *
     * @param groups the groups
     * @return the table
     */
    public static String markdown(List<SummaryGroup> groups) {
        List<String> metrics = ResultColumns.SUMMARY_METRICS.stream().filter(m -> groups.stream().anyMatch(g -> g.stats().get(m).n() > 0)).toList();
        StringBuilder sb = new StringBuilder("| sweep | group | done | missing |");
        metrics.forEach(m -> sb.append(' ').append(m).append(" |"));
        sb.append("\n|---|---|---:|---:|");
        metrics.forEach(m -> sb.append("---:|"));
        sb.append('\n');
        for (SummaryGroup g : groups) {
            sb.append("| ").append(Markdown.cell(g.sweep())).append(" | ").append(Markdown.cell(g.group())).append(" | ").append(g.done())
                    .append(" | ").append(g.missing()).append(" |");
            for (String m : metrics) {
                sb.append(' ').append(cell(g.stats().get(m))).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String cell(MetricStats s) {
        if (s.n() == 0) {
            return "–";
        }
        String std = Double.isNaN(s.std()) ? "" : String.format(Locale.ROOT, " ± %.4f", s.std());
        return String.format(Locale.ROOT, "%.4f", s.mean()) + std + " (" + s.n() + ")";
    }
}
