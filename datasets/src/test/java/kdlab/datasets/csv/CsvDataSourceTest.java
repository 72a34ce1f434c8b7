package kdlab.datasets.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import kdlab.datasets.DataException;
import kdlab.datasets.DataSources;
import kdlab.datasets.LoadedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV tables: exact values, label and target columns chosen by name, and one-line errors for bad rows. */
class CsvDataSourceTest {
    @TempDir
    Path dir;

    private String spec(String train, String test, String column) throws IOException {
        Files.writeString(dir.resolve("train.csv"), train);
        Files.writeString(dir.resolve("test.csv"), test);
        return "csv:train=" + dir.resolve("train.csv") + ",test=" + dir.resolve("test.csv") + "," + column;
    }

    @Test
    void readsFeaturesAndLabelsExactly() throws IOException {
        String s = spec("a,kind,b\n1.5,0,2\n-1,2,0.25\n3,1,4\n", "a,kind,b\n0,1,0\n", "label=kind");
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedData d = DataSources.parse(s).load(m);
            assertEquals(3, d.info().outputs());
            assertEquals(new Shape(2), d.info().exampleShape());
            assertArrayEquals(new float[] {1.5f, 2, -1, 0.25f, 3, 4}, d.train().inputs().toFloatArray(), 0f);
            assertArrayEquals(new long[] {0, 2, 1}, d.train().targets().toLongArray());
            assertEquals(1, d.test().size());
        }
    }

    @Test
    void regressionTargets() throws IOException {
        String s = spec("x,y1,y2\n1,2,3\n4,5,6\n", "x,y1,y2\n7,8,9\n", "target=y1;y2");
        try (NDManager m = NDManager.newBaseManager()) {
            LoadedData d = DataSources.parse(s).load(m);
            assertFalse(d.info().classification());
            assertArrayEquals(new float[] {2, 3, 5, 6}, d.train().targets().toFloatArray(), 0f);
            assertEquals(new Shape(2, 2), d.train().targets().getShape());
        }
    }

    @Test
    void malformedRowsAreNamed() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            String text = spec("a,kind\n1,0\nabc,1\n", "a,kind\n1,0\n", "label=kind");
            DataException e = assertThrows(DataException.class, () -> DataSources.parse(text).load(m));
            assertEquals(dir.resolve("train.csv") + " line 3, column 'a': expected a number, found 'abc'", e.getMessage());
            String shortRow = spec("a,b,kind\n1,2,0\n1,0\n", "a,b,kind\n1,2,0\n", "label=kind");
            e = assertThrows(DataException.class, () -> DataSources.parse(shortRow).load(m));
            assertEquals(dir.resolve("train.csv") + " line 3: expected 3 fields, found 2", e.getMessage());
            String noColumn = spec("a,b\n1,2\n", "a,b\n1,2\n", "label=kind");
            e = assertThrows(DataException.class, () -> DataSources.parse(noColumn).load(m));
            assertEquals(dir.resolve("train.csv") + ": no column 'kind'; the columns are a, b", e.getMessage());
            String badLabel = spec("a,kind\n1,0.5\n", "a,kind\n1,0\n", "label=kind");
            e = assertThrows(DataException.class, () -> DataSources.parse(badLabel).load(m));
            assertEquals(dir.resolve("train.csv") + " line 2, column 'kind': expected a class label 0, 1, 2 ..., found 0.5", e.getMessage());
            String otherColumns = spec("a,kind\n1,0\n", "z,kind\n1,0\n", "label=kind");
            e = assertThrows(DataException.class, () -> DataSources.parse(otherColumns).load(m));
            assertEquals(dir.resolve("test.csv") + ": expected the feature columns of train.csv [a], found [z]", e.getMessage());
        }
        assertThrows(DataException.class, () -> DataSources.parse("csv:train=a.csv,label=y"));
        assertThrows(DataException.class, () -> DataSources.parse("csv:train=a.csv,test=b.csv"));
    }
}
