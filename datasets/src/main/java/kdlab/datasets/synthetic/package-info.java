/**
 * Seeded synthetic datasets, generated on the host with {@link java.util.SplittableRandom} so that the data
 * are identical on every device: a random ReLU teacher's labels, a Gaussian mixture, and a linear
 * regression problem (the deep-linear setting of PAPERS.md §1.4).
 */
package kdlab.datasets.synthetic;
