package kdlab.datasets.csv;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kdlab.datasets.DataException;
import kdlab.datasets.DataInfo;
import kdlab.datasets.DataSource;
import kdlab.datasets.LoadedData;
import kdlab.datasets.Split;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code csv:train=FILE,test=FILE,label=COLUMN} (classification; labels are integers 0..K−1) or
 * {@code csv:train=FILE,test=FILE,target=COLUMN[;COLUMN...]} (regression). Every other column is a numeric
 * feature, used as it is (no scaling). Both files need a header row with the same columns.
 */
public final class CsvDataSource implements DataSource {
    private final String spec;
    private final Path train;
    private final Path test;
    private final String label;
    private final List<String> targets;

    private CsvDataSource(String spec, Path train, Path test, String label, List<String> targets) {
        this.spec = spec;
        this.train = train;
        this.test = test;
        this.label = label;
        this.targets = targets;
    }

    /**
     * @param body the spec after {@code csv:}
     * @return the source
     * @throws DataException for a missing or unknown key
     */
    public static CsvDataSource parse(String body) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : body.split(",")) {
            String[] p = part.split("=", 2);
            if (p.length != 2 || !List.of("train", "test", "label", "target").contains(p[0].trim())) {
                throw new DataException("--data csv:" + body + ": expected train=FILE,test=FILE and label=COLUMN or target=COLUMN[;COLUMN...], found '" + part + "'");
            }
            kv.put(p[0].trim(), p[1].trim());
        }
        if (!kv.containsKey("train") || !kv.containsKey("test")) {
            throw new DataException("--data csv:" + body + ": expected both train=FILE and test=FILE");
        }
        if (kv.containsKey("label") == kv.containsKey("target")) {
            throw new DataException("--data csv:" + body + ": expected exactly one of label=COLUMN (classification) or target=COLUMN[;COLUMN...] (regression)");
        }
        List<String> targets = kv.containsKey("target") ? List.of(kv.get("target").split(";")) : List.of();
        return new CsvDataSource("csv:" + body, Path.of(kv.get("train")), Path.of(kv.get("test")), kv.get("label"), targets);
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public DataInfo describe() {
        Table t = read(train);
        return new DataInfo(spec, label != null, label != null ? t.classes : targets.size(), new Shape(t.features));
    }

    @Override
    public LoadedData load(NDManager manager) {
        Table tr = read(train);
        Table te = read(test);
        if (!tr.featureNames.equals(te.featureNames)) {
            throw new DataException(test + ": expected the feature columns of " + train.getFileName() + " " + tr.featureNames + ", found " + te.featureNames);
        }
        if (label != null && te.classes > tr.classes) {
            throw new DataException(test + ": label " + (te.classes - 1) + " does not occur in " + train.getFileName() + " (labels 0.." + (tr.classes - 1) + ")");
        }
        DataInfo info = new DataInfo(spec, label != null, label != null ? tr.classes : targets.size(), new Shape(tr.features));
        return new LoadedData(info, tr.split(manager), te.split(manager));
    }

    private final class Table {
        List<String> featureNames;
        int features;
        int classes;
        float[] x;
        long[] labels;
        float[] y;
        int rows;

        Split split(NDManager m) {
            if (label != null) {
                return new Split(m.create(x, new Shape(rows, features)), m.create(labels));
            }
            return new Split(m.create(x, new Shape(rows, features)), m.create(y, new Shape(rows, targets.size())));
        }
    }

    private Table read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": expected a CSV file, found none");
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build().parse(r)) {
            List<String> header = parser.getHeaderNames();
            List<String> wanted = label != null ? List.of(label) : targets;
            for (String w : wanted) {
                if (!header.contains(w)) {
                    throw new DataException(file + ": no column '" + w + "'; the columns are " + String.join(", ", header));
                }
            }
            Table t = new Table();
            t.featureNames = new ArrayList<>(header);
            t.featureNames.removeAll(wanted);
            if (t.featureNames.isEmpty()) {
                throw new DataException(file + ": expected at least one feature column besides " + wanted + ", found none");
            }
            t.features = t.featureNames.size();
            List<float[]> xs = new ArrayList<>();
            List<float[]> ys = new ArrayList<>();
            for (CSVRecord rec : parser) {
                long line = rec.getRecordNumber() + 1;
                if (rec.size() != header.size()) {
                    throw new DataException(file + " line " + line + ": expected " + header.size() + " fields, found " + rec.size());
                }
                float[] row = new float[t.features];
                for (int i = 0; i < t.features; i++) {
                    row[i] = number(file, line, t.featureNames.get(i), rec.get(t.featureNames.get(i)));
                }
                float[] out = new float[wanted.size()];
                for (int i = 0; i < wanted.size(); i++) {
                    out[i] = number(file, line, wanted.get(i), rec.get(wanted.get(i)));
                }
                if (label != null && (out[0] < 0 || out[0] != Math.rint(out[0]))) {
                    throw new DataException(file + " line " + line + ", column '" + label + "': expected a class label 0, 1, 2 ..., found " + rec.get(label));
                }
                xs.add(row);
                ys.add(out);
            }
            if (xs.isEmpty()) {
                throw new DataException(file + ": expected at least one data row, found none");
            }
            t.rows = xs.size();
            t.x = new float[t.rows * t.features];
            for (int i = 0; i < t.rows; i++) {
                System.arraycopy(xs.get(i), 0, t.x, i * t.features, t.features);
            }
            if (label != null) {
                t.labels = new long[t.rows];
                for (int i = 0; i < t.rows; i++) {
                    t.labels[i] = (long) ys.get(i)[0];
                    t.classes = (int) Math.max(t.classes, t.labels[i] + 1);
                }
            } else {
                t.y = new float[t.rows * wanted.size()];
                for (int i = 0; i < t.rows; i++) {
                    System.arraycopy(ys.get(i), 0, t.y, i * wanted.size(), wanted.size());
                }
            }
            return t;
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(file + ": not a readable CSV file (" + e.getMessage() + ")", e);
        } catch (java.io.UncheckedIOException e) {
            throw new DataException(file + ": not a readable CSV file (" + e.getMessage() + ")", e);
        }
    }

    private static float number(Path file, long line, String column, String value) {
        try {
            float v = Float.parseFloat(value);
            if (!Float.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DataException(file + " line " + line + ", column '" + column + "': expected a number, found '" + value + "'");
        }
    }
}
