package kdlab.models.cnn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import kdlab.models.ModelSpecException;
import kdlab.models.tap.TappedBlock;

/**
 * The convolutional networks of the distillation benchmarks, by the names those benchmarks use
 * (CRD, Tian et al. ICLR 2020, and the work that followed it): {@code resnet8 … resnet110}, {@code
 * resnet8x4}, {@code resnet32x4}, {@code wrn_16_1 … wrn_40_2}, {@code vgg8}, {@code vgg11}, {@code
 * vgg13}, {@code MobileNetV2}, {@code ShuffleV1}, {@code ShuffleV2}. Names are looked up ignoring
 * case. The family classes document each network's layers and taps.
 */
public final class CnnZoo {

    private static final Map<String, IntFunction<TappedBlock>> NETWORKS = networks();

    private static final List<String> NAMES = List.copyOf(NETWORKS.keySet());

    private CnnZoo() {}

    private static Map<String, IntFunction<TappedBlock>> networks() {
        Map<String, IntFunction<TappedBlock>> map = new LinkedHashMap<>();
        for (int depth : new int[] {8, 14, 20, 32, 44, 56, 110}) {
            map.put("resnet" + depth, c -> resnet(depth, c, 16, 16, 32, 64));
        }
        map.put("resnet8x4", c -> resnet(8, c, 32, 64, 128, 256));
        map.put("resnet32x4", c -> resnet(32, c, 32, 64, 128, 256));
        for (int[] dk : new int[][] {{16, 1}, {16, 2}, {40, 1}, {40, 2}}) {
            map.put(
                    "wrn_" + dk[0] + "_" + dk[1],
                    c ->
                            WideResNet.builder()
                                    .setDepth(dk[0])
                                    .setWidenFactor(dk[1])
                                    .setNumClasses(c)
                                    .build());
        }
        for (int depth : new int[] {8, 11, 13}) {
            map.put("vgg" + depth, c -> Vgg.builder().setDepth(depth).setNumClasses(c).build());
        }
        map.put("MobileNetV2", c -> MobileNetV2.builder().setNumClasses(c).build());
        map.put("ShuffleV1", c -> ShuffleNetV1.builder().setNumClasses(c).build());
        map.put("ShuffleV2", c -> ShuffleNetV2.builder().setNumClasses(c).build());
        return map;
    }

    private static TappedBlock resnet(int depth, int classes, int... widths) {
        return ResNetCifar.builder()
                .setDepth(depth)
                .optWidths(widths)
                .setNumClasses(classes)
                .build();
    }

    /**
     * The known names, in a stable order (ResNets, WRNs, VGGs, MobileNetV2, ShuffleNets).
     *
     * @return the canonical names, unmodifiable
     */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Whether a name, ignoring case and surrounding blanks, names a network.
     *
     * @param name the name
     * @return whether {@link #canonicalName(String)} accepts it
     */
    public static boolean contains(String name) {
        return find(name) != null;
    }

    /**
     * The canonical spelling of a name given in any case.
     *
     * @param name for example {@code "mobilenetv2"}
     * @return for example {@code "MobileNetV2"}
     * @throws ModelSpecException if the name is unknown; the message lists the known names
     */
    public static String canonicalName(String name) {
        String found = find(name);
        if (found == null) {
            throw new ModelSpecException("cnn network", "one of " + NAMES, name);
        }
        return found;
    }

    /**
     * Builds a network.
     *
     * @param name the network's name, in any case
     * @param numClasses the number of classes
     * @return the uninitialised network
     * @throws ModelSpecException if the name is unknown (the message lists the known names) or
     *     {@code numClasses} is not positive
     */
    public static TappedBlock build(String name, int numClasses) {
        return NETWORKS.get(canonicalName(name)).apply(numClasses);
    }

    /**
     * The tap names of a network, in network order.
     *
     * @param name the network's name, in any case
     * @return the tap names
     * @throws ModelSpecException if the name is unknown
     */
    public static List<String> tapNames(String name) {
        // Building is cheap: nothing is allocated before initialisation.
        return build(name, 1).tapNames();
    }

    private static String find(String name) {
        if (name == null) {
            return null;
        }
        String key = name.trim();
        for (String known : NAMES) {
            if (known.equalsIgnoreCase(key)) {
                return known;
            }
        }
        return null;
    }
}
