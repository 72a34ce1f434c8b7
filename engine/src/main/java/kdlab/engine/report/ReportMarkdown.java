package kdlab.engine.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kdlab.engine.sweep.Grid;

/**
 * report.md: what went in, the summary table, the plots, the verdicts, the versions and the commands that
 * compute every run again. It names the inputs by their file names only, so the same finished runs give the
 * same text wherever they lie.
 */
final class ReportMarkdown {
    /** Which weights the headline columns use; summary.json's {@code weights} says it per run. */
    static final String WEIGHTS = "test_accuracy is at the kept weights: the best validation epoch when early stopping, else the last. "
            + "last_test_accuracy is at the last epoch's weights (empty for runs made before kdlab recorded it).";

    private ReportMarkdown() {}

    /**
     * @param inputs the directories given, read
     * @param groups the summary groups
     * @param plots the plots
     * @param verdicts the verdicts, claims first, then those of extra analyses
     * @param extra Markdown sections of extra analyses
     * @return the document
     */
    static String render(List<ReportInput> inputs, List<SummaryGroup> groups, List<ReportPlot> plots, List<Verdict> verdicts, List<String> extra) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Report: ").append(String.join(", ", inputs.stream().map(ReportInput::name).toList())).append("\n\n");
        sb.append("## Inputs\n\n");
        for (ReportInput in : inputs) {
            sb.append("- `").append(in.name()).append("`: ").append(describe(in)).append('\n');
        }
        sb.append("\nEvery run is one row of `results.csv`; wall times are in `timings.csv`.\n\n");
        sb.append("## Summary\n\n").append(WEIGHTS).append(" Each cell is mean ± sample std (n) over seeds; groups share every axis value but the seed.\n\n");
        sb.append(SummaryTable.markdown(groups)).append('\n');
        sb.append("## Plots\n\n");
        for (ReportPlot p : plots) {
            if (p.chart() == null) {
                sb.append("- `").append(p.file()).append("` (").append(p.input()).append("): no finished run has a value yet\n\n");
            } else {
                sb.append("![").append(p.file()).append("](plots/").append(p.file()).append(".png) ([SVG](plots/").append(p.file()).append(".svg))\n\n");
            }
        }
        if (!verdicts.isEmpty()) {
            sb.append("## Verdicts\n\n| claim | effect | outcome | rule |\n|---|---|---|---|\n");
            for (Verdict v : verdicts) {
                sb.append("| **").append(Markdown.cell(v.id())).append("**: ").append(Markdown.cell(v.claim())).append(" | ").append(Markdown.cell(v.effect()))
                        .append(" | ").append(Markdown.cell(v.outcome())).append(" | ").append(Markdown.cell(v.rule())).append(" |\n");
            }
            sb.append('\n');
        }
        for (String section : extra) {
            sb.append(section.strip()).append("\n\n");
        }
        List<String> missing = missing(inputs);
        if (!missing.isEmpty()) {
            sb.append("## Missing runs\n\nThese runs have no summary.json; they are rows with status `missing` and count in no statistic.\n\n");
            missing.forEach(m -> sb.append("- ").append(m).append('\n'));
            sb.append('\n');
        }
        sb.append("## Versions\n\nFrom the finished runs' manifest.json; several values mean the runs differ.\n\n| | |\n|---|---|\n");
        versions(inputs).forEach((label, values) -> sb.append("| ").append(label).append(" | ")
                .append(values.isEmpty() ? "unknown" : Markdown.cell(String.join(", ", values))).append(" |\n"));
        sb.append("\n## Commands\n\n");
        for (ReportInput in : inputs) {
            sb.append("`").append(in.name()).append("`:\n\n```sh\n");
            in.runs().forEach(r -> sb.append(r.command()).append('\n'));
            sb.append("```\n\n");
        }
        return sb.toString().stripTrailing() + "\n";
    }

    private static String describe(ReportInput in) {
        long done = in.runs().stream().filter(r -> r.row().done()).count();
        String counts = in.runs().size() + (in.runs().size() == 1 ? " run" : " runs") + ", " + done + " done, " + (in.runs().size() - done) + " missing";
        Grid g = in.grid();
        if (g != null) {
            return "sweep of `" + g.sweep() + "`" + (g.scale() == null ? "" : " at scale " + g.scale()) + ", axes " + String.join(", ", g.axes()) + "; " + counts;
        }
        return counts;
    }

    private static List<String> missing(List<ReportInput> inputs) {
        List<String> out = new ArrayList<>();
        for (ReportInput in : inputs) {
            for (ReportRun r : in.runs()) {
                if (!r.row().done()) {
                    String where = in.grid() != null ? in.name() + "/" + Grid.CELLS + "/" + r.row().run() : r.row().run();
                    out.add("`" + where + "`: " + (r.failure() != null ? "failed: " + Markdown.cell(r.failure()) : "not finished"));
                }
            }
        }
        return out;
    }

    private static Map<String, Set<String>> versions(List<ReportInput> inputs) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        RunVersions.KEYS.keySet().forEach(k -> out.put(k, new LinkedHashSet<>()));
        for (ReportInput in : inputs) {
            for (ReportRun r : in.runs()) {
                if (r.versions() != null) {
                    r.versions().values().forEach((k, v) -> {
                        if (!v.isEmpty()) {
                            out.get(k).add(v);
                        }
                    });
                }
            }
        }
        return out;
    }
}
