/**
 * Network families for teacher and student models, built from DJL blocks.
 *
 * <p>Every family is assembled as a {@link kdlab.models.tap.TappedBlock}, so a forward pass
 * returns the output together with named intermediate features ("taps") that knowledge-transfer
 * objectives read by name. {@link kdlab.models.ModelSpec} parses the short textual form used on
 * the command line and in configs ({@code mlp:512,256:relu}); {@link kdlab.models.Mlp} builds the
 * multilayer perceptron, which with {@link kdlab.models.Activation#IDENTITY} is the deep linear
 * network. Every invalid setting raises {@link kdlab.models.ModelSpecException} before any array
 * is allocated.
 */
package kdlab.models;
