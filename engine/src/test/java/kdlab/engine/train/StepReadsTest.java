package kdlab.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kdlab.engine.objective.TeacherCacheBudget;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Inside an epoch the loop reads the device once per logging interval and never in a step: between two
 * progress reports {@code logEvery} steps apart, {@link HostReads} counts exactly the one read of the
 * running sums. {@code DeviceReadsOnlyThroughHostReadsTest} shows no read escapes the count. Checked for
 * every kind of model, with the teacher cache on and off.
 */
class StepReadsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(LoopFixture.Kind.class)
    void oneReadPerLoggingIntervalAndNoneInTheSteps(LoopFixture.Kind kind) {
        for (TeacherCacheBudget budget : List.of(TeacherCacheBudget.OFF, TeacherCacheBudget.parse("64"))) {
            List<long[]> marks = new ArrayList<>();
            TrainingListener counter = new TrainingListener() {
                @Override
                public void onProgress(int epoch, int step, int stepsPerEpoch, SplitMetrics running) {
                    marks.add(new long[] {epoch, step, HostReads.count()});
                }
            };
            try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
                LoopFixture.run(kind, m, dir.resolve(kind + "-" + budget.spec()), budget, null, counter);
            }
            int steps = LoopFixture.EXAMPLES / LoopFixture.BATCH;
            assertEquals(2 * steps / 2, marks.size(), kind + ": progress reports, one every 2 steps over 2 epochs");
            for (int i = 1; i < marks.size(); i++) {
                if (marks.get(i)[0] == marks.get(i - 1)[0]) {
                    assertEquals(1, marks.get(i)[2] - marks.get(i - 1)[2],
                            kind + " cache " + budget.spec() + ": device reads over the 2 steps up to step " + marks.get(i)[1] + " of epoch " + (marks.get(i)[0] + 1));
                }
            }
        }
    }
}
