package kdlab.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import kdlab.datasets.DataException;
import kdlab.datasets.DataSources;
import kdlab.datasets.LoadedData;
import org.junit.jupiter.api.Test;

/** Seeded generators: shapes, determinism, balance, and spec errors. */
class SyntheticDataSourceTest {
    @Test
    void reluTeacherIsSeededAndRoughlyBalanced() {
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedData a = DataSources.parse("synthetic:relu-teacher,n=2000,test=100,d=10,classes=4").load(m);
            LoadedData b = DataSources.parse("synthetic:relu-teacher,n=2000,test=100,d=10,classes=4").load(m);
            LoadedData c = DataSources.parse("synthetic:relu-teacher,n=2000,test=100,d=10,classes=4,seed=1").load(m);
            assertEquals(new Shape(2000, 10), a.train().inputs().getShape());
            assertEquals(new Shape(100), a.test().targets().getShape());
            assertEquals(DataType.INT64, a.train().targets().getDataType());
            assertArrayEquals(a.train().inputs().toFloatArray(), b.train().inputs().toFloatArray(), 0f);
            assertArrayEquals(a.train().targets().toLongArray(), b.train().targets().toLongArray());
            assertFalse(Arrays.equals(a.train().inputs().toFloatArray(), c.train().inputs().toFloatArray()));
            long[] counts = new long[4];
            for (long label : a.train().targets().toLongArray()) {
                counts[(int) label]++;
            }
            for (long count : counts) {
                assertTrue(count > 200, "every class should hold at least a tenth: " + Arrays.toString(counts));
            }
        }
    }

    @Test
    void linearRegressionHasFloatTargets() {
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedData d = DataSources.parse("synthetic:linear-regression,n=50,test=10,d=8,k=3").load(m);
            assertFalse(d.info().classification());
            assertEquals(3, d.info().outputs());
            assertEquals(new Shape(50, 3), d.train().targets().getShape());
            assertEquals(DataType.FLOAT32, d.train().targets().getDataType());
        }
    }

    @Test
    void gaussianMixtureSpecRoundTrips() {
        String spec = DataSources.parse("synthetic:gaussian-mixture,classes=3").spec();
        assertEquals("synthetic:gaussian-mixture,n=4000,test=1000,d=50,classes=3,sep=3,seed=0", spec);
        assertEquals(spec, DataSources.parse(spec).spec());
    }

    @Test
    void badSpecsNameWhatIsKnown() {
        DataException name = assertThrows(DataException.class, () -> DataSources.parse("synthetic:relu"));
        assertEquals("--data synthetic:relu: unknown generator 'relu'; expected one of relu-teacher, gaussian-mixture, linear-regression", name.getMessage());
        DataException key = assertThrows(DataException.class, () -> DataSources.parse("synthetic:relu-teacher,foo=1"));
        assertTrue(key.getMessage().contains("unknown option 'foo'") && key.getMessage().contains("n, test, d, classes, width, seed"), key.getMessage());
        assertThrows(DataException.class, () -> DataSources.parse("synthetic:relu-teacher,n=abc"));
        assertThrows(DataException.class, () -> DataSources.parse("synthetic:relu-teacher,n=0"));
        assertThrows(DataException.class, () -> DataSources.parse("synthetic:relu-teacher,classes=1"));
    }
}
