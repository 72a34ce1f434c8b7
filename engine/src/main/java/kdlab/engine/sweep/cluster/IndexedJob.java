package kdlab.engine.sweep.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import kdlab.engine.sweep.SelfInvocation;

/**
 * A sweep as a Kubernetes Indexed Job (batch/v1, {@code completionMode: Indexed}): pod i runs
 * {@code kdlab sweep run --shard $JOB_COMPLETION_INDEX/N} in the given image, with the sweep directory on a
 * PersistentVolumeClaim that every pod mounts (ReadWriteMany), so that the cells' run locks and files are
 * shared as on a cluster file system. A pod that fails is retried by Kubernetes up to its backoff limit, and
 * its retry resumes the cells it left.
 *
 * @param job the array; its paths are the paths inside the containers
 * @param name the Job's name (a DNS label)
 * @param image the container image that has kdlab on its PATH
 * @param parallelism pods that run at once
 * @param pvc the claim that holds the sweep directory
 * @param mountPath where the claim is mounted in every pod
 */
public record IndexedJob(ArrayJob job, String name, String image, int parallelism, String pvc, String mountPath) {
    /** The variable in which Kubernetes gives each pod of an Indexed Job its index. */
    public static final String INDEX = "JOB_COMPLETION_INDEX";

    /**
     * @param text any text, e.g. the sweep directory's name
     * @return a DNS label made from it (lower case, [a-z0-9-], at most 63 characters), prefixed {@code kdlab-}
     */
    public static String label(String text) {
        String s = ("kdlab-" + text).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-+", "-");
        s = s.length() > 63 ? s.substring(0, 63) : s;
        return s.replaceAll("-+$", "");
    }

    /** @return the manifest as a tree */
    public ObjectNode manifest() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("apiVersion", "batch/v1");
        root.put("kind", "Job");
        root.putObject("metadata").put("name", name).putObject("labels").put("app.kubernetes.io/name", "kdlab");
        ObjectNode spec = root.putObject("spec");
        spec.put("completionMode", "Indexed");
        spec.put("completions", job.tasks());
        spec.put("parallelism", parallelism);
        // Retries of failed pods, each resuming the cells its predecessor left. (backoffLimitPerIndex would be
        // finer but needs Kubernetes 1.29.)
        spec.put("backoffLimit", 3 * job.tasks());
        ObjectNode pod = spec.putObject("template").putObject("spec");
        pod.put("restartPolicy", "Never");
        ObjectNode container = pod.putArray("containers").addObject();
        container.put("name", "sweep");
        container.put("image", image);
        ArrayNode command = container.putArray("command");
        command.add("sh").add("-c").add(shellCommand());
        ObjectNode cpu = f.objectNode().put("cpu", Integer.toString(job.cpus()));
        container.putObject("resources").set("requests", cpu);
        container.putArray("volumeMounts").addObject().put("name", "runs").put("mountPath", mountPath);
        pod.putArray("volumes").addObject().put("name", "runs").putObject("persistentVolumeClaim").put("claimName", pvc);
        return root;
    }

    /** @return the pod's shell command: kdlab from the image's PATH, its shard from the pod's index */
    public String shellCommand() {
        java.util.List<String> words = new java.util.ArrayList<>();
        words.add("kdlab");
        words.addAll(job.sweepRunArgs());
        words.addAll(java.util.List.of("--threads", Integer.toString(job.cpus())));
        return "exec " + SelfInvocation.shellLine(words) + " " + job.shardWord(INDEX);
    }

    /** @return the manifest as YAML */
    public String yaml() {
        YAMLMapper mapper = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.SPLIT_LINES).build();
        try {
            return "# kdlab sweep as a Kubernetes Indexed Job: kubectl apply -f this file (docs/sweeps.md, On a cluster).\n"
                    + "# " + pvc + " must be a ReadWriteMany claim holding the sweep directory at " + mountPath + ".\n"
                    + mapper.writeValueAsString(manifest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
