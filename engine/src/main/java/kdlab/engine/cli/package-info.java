/**
 * The {@code kdlab} command line (picocli). Exit codes: 0 success; 2 bad input or usage, reported on one
 * line without a stack trace; 3 training diverged (a non-finite loss); 1 an internal error.
 */
package kdlab.engine.cli;
