/** Tables and plots of finished studies: CSV through commons-csv, PNG through XChart. */
package kdlab.engine.report;
