/**
 * Tables, plots and verdicts of finished runs and sweeps: {@code kdlab report} ({@link kdlab.engine.report.ReportWriter})
 * writes results.csv and summary.csv through commons-csv, PNG and SVG plots through XChart, and decides a sweep's
 * claims with the tests of {@link kdlab.engine.report.ClaimTests}. The demo's noise-study table is here too.
 */
package kdlab.engine.report;
