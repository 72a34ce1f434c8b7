package kdlab.engine.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Names of cells: from the axis values alone, so the same cell has the same directory on every machine and
 * keeps it when values are added to another axis.
 */
public final class CellNames {
    /** Longer names are cut and end in a hash of the whole. */
    static final int MAX = 120;

    private CellNames() {}

    /**
     * @param values axis name to value label, in axis order
     * @return the directory name
     */
    public static String of(Map<String, String> values) {
        if (values.isEmpty()) {
            return "run";
        }
        StringBuilder b = new StringBuilder();
        values.forEach((axis, value) -> b.append(b.length() == 0 ? "" : ",").append(axis).append('=').append(value));
        String full = b.toString();
        String safe = full.replaceAll("[^A-Za-z0-9._=,:+-]", "_");
        if (safe.length() <= MAX && safe.equals(full)) {
            return safe;
        }
        // Replaced characters could make two names equal (a:b and a/b): a changed name carries the hash of the original.
        String hash = hash(full);
        return (safe.length() > MAX - 9 ? safe.substring(0, MAX - 9) : safe) + "~" + hash;
    }

    /**
     * @param text any text
     * @return the first 8 hex digits of its SHA-256
     */
    public static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
