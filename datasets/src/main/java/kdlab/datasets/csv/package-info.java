/** Tabular data from CSV files (commons-csv): numeric feature columns and a label or target column chosen by name. */
package kdlab.datasets.csv;
