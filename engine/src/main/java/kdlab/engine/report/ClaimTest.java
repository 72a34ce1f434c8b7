package kdlab.engine.report;

import java.util.List;
import java.util.Set;

/**
 * A statistical test that decides one kind of claim; each is one small class registered by name in
 * {@link ClaimTests}, so a new kind of claim is a class and a registry line.
 */
public interface ClaimTest {
    /** @return the keys this test reads beyond {@link ClaimSpec#COMMON} */
    Set<String> keys();

    /**
     * @param spec the claim
     * @param rows the rows of the claim's sweep, finished or not
     * @return the verdict
     * @throws kdlab.engine.UsageException naming the claim when its metric, axes or values match no rows
     */
    Verdict decide(ClaimSpec spec, List<ResultRow> rows);
}
