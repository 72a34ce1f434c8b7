/**
 * {@code kdlab data fetch}: downloads the standard dataset archives from their canonical addresses, checks
 * their MD5 sums, and unpacks them atomically (a staging directory renamed into place), so an interrupted
 * or corrupt download never leaves a half-written dataset behind.
 */
package kdlab.datasets.fetch;
