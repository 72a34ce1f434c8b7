package kdlab.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kdlab.datasets.augment.Pipeline;
import kdlab.engine.UsageException;
import kdlab.engine.objective.TeacherCache;
import kdlab.engine.objective.TeacherCacheBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A cached teacher changes nothing but the time: for every kind of model, two epochs with the teacher's
 * features gathered from the cache end with the same student, bit for bit, and the same epoch losses as
 * two epochs that run the teacher on every batch. The cache stays off where the teacher's input changes
 * between epochs (random augmentation) and where it does not fit its budget.
 */
class TeacherCacheTest {
    @TempDir
    Path dir;

    private record Run(LoopFixture.Outcome outcome, TeacherCache.Decision decision) {}

    private Run run(LoopFixture.Kind kind, TeacherCacheBudget budget, String augment, String name) {
        List<TeacherCache.Decision> seen = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void onTeacherCache(TeacherCache.Decision decision) {
                seen.add(decision);
            }
        };
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            LoopFixture.Outcome o = LoopFixture.run(kind, m, dir.resolve(name), budget, augment == null ? null : Pipeline.parse(augment), l);
            assertEquals(1, seen.size(), "one decision per run");
            return new Run(o, seen.get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(LoopFixture.Kind.class)
    void cachedTeacherTrainsTheSameStudentBitForBit(LoopFixture.Kind kind) {
        Run off = run(kind, TeacherCacheBudget.OFF, null, kind + "-off");
        Run on = run(kind, TeacherCacheBudget.parse("64"), null, kind + "-on");
        assertNull(off.decision().cache());
        assertNotNull(on.decision().cache(), on.decision().reason());
        assertTrue(on.decision().reason().startsWith("teacher cache: 64 examples"), on.decision().reason());
        assertArrayEquals(off.outcome().studentParameters(), on.outcome().studentParameters(), kind + ": student parameters");
        for (int e = 0; e < 2; e++) {
            EpochRecord a = off.outcome().result().epochs().get(e);
            EpochRecord b = on.outcome().result().epochs().get(e);
            assertEquals(a.train().loss(), b.train().loss(), 0.0, kind + ": epoch " + (e + 1) + " training loss");
            assertEquals(a.train().parts(), b.train().parts(), kind + ": epoch " + (e + 1) + " loss parts");
            assertEquals(a.validation().loss(), b.validation().loss(), 0.0, kind + ": epoch " + (e + 1) + " validation loss");
        }
    }

    @Test
    void randomAugmentationKeepsTheTeacherRunning() {
        Run r = run(LoopFixture.Kind.CNN_WITH_BATCH_NORM, TeacherCacheBudget.AUTO, "crop:2,flip", "augmented");
        assertNull(r.decision().cache());
        assertTrue(r.decision().reason().contains("random augmentation"), r.decision().reason());
    }

    @Test
    void aFixedTransformStillCaches() {
        Run r = run(LoopFixture.Kind.CNN_WITH_BATCH_NORM, TeacherCacheBudget.AUTO, "normalize:0.5/0.5/0.5:0.25/0.25/0.25", "normalized");
        assertNotNull(r.decision().cache(), r.decision().reason());
    }

    @Test
    void aBudgetTooSmallTurnsItOffAndSaysWhy() {
        Run r = run(LoopFixture.Kind.CNN_WITH_BATCH_NORM, TeacherCacheBudget.parse("0"), null, "small");
        assertNull(r.decision().cache());
        assertTrue(r.decision().reason().matches("teacher cache: off \\(needs \\d+ MiB for 64 examples, the budget is 0 MiB; raise it with --teacher-cache MB\\)"),
                r.decision().reason());
    }

    @Test
    void badSettingsAreUsageErrors() {
        UsageException e = assertThrows(UsageException.class, () -> TeacherCacheBudget.parse("lots"));
        assertEquals("--teacher-cache: expected auto, off, or a budget in MiB (a whole number >= 0), found 'lots'", e.getMessage());
        assertThrows(UsageException.class, () -> TeacherCacheBudget.parse("-5"));
        assertEquals(3L << 20, TeacherCacheBudget.parse("3").bytes(ai.djl.Device.cpu()));
        assertEquals(0L, TeacherCacheBudget.OFF.bytes(ai.djl.Device.cpu()));
        assertTrue(TeacherCacheBudget.AUTO.bytes(ai.djl.Device.cpu()) > 0);
    }
}
