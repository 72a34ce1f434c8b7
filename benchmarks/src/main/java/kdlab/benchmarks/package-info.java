/**
 * JMH benchmarks of kdlab's training kernels. Each benchmark reads one value back from the device, because
 * queued device work that nobody reads is not measured.
 */
package kdlab.benchmarks;
