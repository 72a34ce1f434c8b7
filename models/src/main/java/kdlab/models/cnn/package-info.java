/**
 * The CIFAR-style convolutional families of the distillation literature, built as {@link
 * kdlab.models.tap.TappedBlock}s: CIFAR ResNets (He et al., CVPR 2016), wide ResNets (Zagoruyko
 * and Komodakis, BMVC 2016), VGG with batch normalisation (Simonyan and Zisserman, ICLR 2015),
 * MobileNetV2 (Sandler et al., CVPR 2018), ShuffleNet V1 (Zhang et al., CVPR 2018) and ShuffleNet
 * V2 (Ma et al., ECCV 2018).
 *
 * <p>The variants are those of the distillation benchmarks (CRD, Tian et al. ICLR 2020, and the
 * code that followed it): {@link kdlab.models.cnn.CnnZoo} names them as those benchmarks do, and
 * the tests pin every network's trainable parameter count for 100 classes. In a spec a network is
 * written by its name alone ({@link kdlab.models.cnn.CnnZooFamily}, {@link
 * kdlab.models.cnn.CnnSpec}). Each network is tapped at its stem, at every stage output and at the
 * pooled feature; a stage that ends in a ReLU is tapped before it too ({@code stageN_pre}) and
 * after it ({@code stageN}).
 *
 * <p>The networks are designed for 32×32 inputs. The first convolution takes as many channels as
 * the shape the network is initialised with, so grayscale images work as well; 28×28 images
 * (Fashion-MNIST) are zero-padded to 32×32 before they reach a network of this package: {@link
 * kdlab.models.cnn.CnnSpec#inputPreparation} gives the padding, and the engine applies it.
 *
 * <p>Every batch norm that directly follows a convolution whose output nothing else reads is
 * declared with it as a {@link kdlab.models.fold.ConvBnPair}, so that a network run only in
 * inference mode (a frozen teacher) can fold it into the convolution ({@link
 * kdlab.models.fold.BatchNormFolding}). That is every batch norm of the ResNets, VGG, MobileNetV2
 * and the ShuffleNets, and the middle one of each wide-ResNet block; the others of a wide ResNet
 * act on a residual sum or a tapped stem and stay.
 */
package kdlab.models.cnn;
