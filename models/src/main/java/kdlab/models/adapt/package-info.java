/**
 * Connectors that map a student feature to the shape of the teacher feature it is matched against, trained
 * with the student: a linear map for vectors (FitNets-style regressor, Romero et al., ICLR 2015, on flat
 * features) and a 1×1 convolution with batch norm for feature maps (the usual CIFAR connector).
 */
package kdlab.models.adapt;
