/**
 * The binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky, "Learning Multiple Layers of Features from
 * Tiny Images", 2009), read onto the device in bulk and written for tests.
 */
package kdlab.datasets.cifar;
