package kdlab.engine.report;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A plot drawn for the report, before any file is written.
 *
 * @param input the name of the directory whose runs it draws
 * @param file its file name under REPORT/plots/, without extension
 * @param spec what was asked for
 * @param chart the chart, or null when no finished run had a value yet
 */
record ReportPlot(String input, String file, PlotSpec spec, Chart<?, ?> chart) {}
