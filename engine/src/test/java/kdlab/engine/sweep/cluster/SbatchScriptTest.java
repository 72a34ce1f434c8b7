package kdlab.engine.sweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import kdlab.engine.UsageException;
import kdlab.engine.sweep.SelfInvocation;
import org.junit.jupiter.api.Test;

/** The job array's batch script. */
class SbatchScriptTest {
    private static final ArrayJob JOB = new ArrayJob(Path.of("/shared/studies/noise.yaml"), Path.of("/shared/runs/noise"), null, List.of(), 4, 2);

    @Test
    void directivesThenTheShardOfTheTaskOnThisInstallation() {
        String s = SbatchScript.render(JOB, "kdlab-noise", List.of("--time=01:00:00", "--partition=cpu"));
        List<String> lines = s.lines().toList();
        assertEquals("#!/bin/bash", lines.get(0));
        List<String> directives = lines.stream().filter(l -> l.startsWith("#SBATCH ")).toList();
        assertEquals(List.of("#SBATCH --job-name=kdlab-noise", "#SBATCH --array=0-3", "#SBATCH --output=/shared/runs/noise/slurm/%A_%a.out",
                "#SBATCH --cpus-per-task=2", "#SBATCH --time=01:00:00", "#SBATCH --partition=cpu"), directives);
        String body = lines.get(lines.size() - 1);
        String self = SelfInvocation.shellLine(SelfInvocation.command(List.of("sweep", "run", "/shared/studies/noise.yaml", "--out", "/shared/runs/noise")));
        assertEquals("exec " + self + " --shard \"${SLURM_ARRAY_TASK_ID}/4\"", body);
    }

    @Test
    void anSbatchArgumentMustBeOneOption() {
        UsageException e = assertThrows(UsageException.class, () -> SbatchScript.render(JOB, "x", List.of("time=1:00")));
        assertTrue(e.getMessage().startsWith("--sbatch-arg: expected one sbatch option"), e.getMessage());
        assertThrows(UsageException.class, () -> SbatchScript.render(JOB, "x", List.of("--time 1:00")));
    }

    @Test
    void anEmptyArrayIsRefused() {
        UsageException e = assertThrows(UsageException.class, () -> new ArrayJob(Path.of("a"), Path.of("b"), null, List.of(), 0, 1));
        assertEquals("--array-size: expected at least 1 task, found 0", e.getMessage());
    }
}
