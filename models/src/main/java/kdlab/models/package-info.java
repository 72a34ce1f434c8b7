/**
 * Network families for teacher and student models, built from DJL blocks.
 *
 * <p>Every family is assembled as a {@link kdlab.models.tap.TappedBlock}, so a forward pass
 * returns the output together with named intermediate features ("taps") that knowledge-transfer
 * objectives read by name. {@link kdlab.models.ModelSpec} parses the short textual form used on
 * the command line and in configs ({@code mlp:512,256:relu}, {@code ntk:2048:kappa=1.0}, {@code
 * resnet8}) through the registry {@link kdlab.models.ModelFamilies}, the one place that maps a
 * family's name to its {@link kdlab.models.ModelFamily}. Each family is a small class with an
 * options record that builds the network and says how the examples must be prepared for it:
 *
 * <ul>
 *   <li>{@link kdlab.models.MlpFamily} / {@link kdlab.models.MlpSpec}: the multilayer perceptron
 *       built by {@link kdlab.models.Mlp}, which with {@link kdlab.models.Activation#IDENTITY} is
 *       the deep linear network;
 *   <li>{@link kdlab.models.ntk.NtkFamily} / {@link kdlab.models.ntk.NtkSpec}: the two-layer
 *       network of the kernel regime (Du et al., ICLR 2019), built by {@link kdlab.models.ntk.Ntk};
 *   <li>{@link kdlab.models.cnn.CnnZooFamily} / {@link kdlab.models.cnn.CnnSpec}: the CIFAR
 *       networks of {@link kdlab.models.cnn.CnnZoo}.
 * </ul>
 *
 * <p>{@link kdlab.models.Trainability} decides which parameters are trained. Every invalid
 * setting raises {@link kdlab.models.ModelSpecException} before any array is allocated.
 */
package kdlab.models;
