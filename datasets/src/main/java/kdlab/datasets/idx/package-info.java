/** The IDX format of MNIST, Fashion-MNIST and their relatives, read onto the device and written for tests. */
package kdlab.datasets.idx;
