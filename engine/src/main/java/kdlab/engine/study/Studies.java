package kdlab.engine.study;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import kdlab.engine.UsageException;

/** The registry of shipped studies: one line each. */
public final class Studies {
    private static final Map<String, Study> ALL = new LinkedHashMap<>();

    static {
        add(new Study("hong-early-stopping", "Hong et al., CVPR 2021, finding 1", null));
        add(new Study("hong-teacher-knowledge", "Hong et al., CVPR 2021, finding 2", null));
        add(new Study("hong-decomposition", "Hong et al., CVPR 2021, finding 3", null));
        add(new Study("hong-noise", "Hong et al., CVPR 2021, noise levels and kinds", null));
        add(new Study("kernel-pi", "Rahbar, Panahi et al., knowledge transfer in the kernel regime", kdlab.engine.study.kernel.KernelPiAnalysis::new));
        add(new Study("soteacher", "Dong, Liu, Shang, ICLR 2024", null));
        add(new Study("zoo", "the classic distillation methods, RepDistiller layout", null));
    }

    private Studies() {}

    private static void add(Study s) {
        ALL.put(s.name(), s);
    }

    /** @return every study, by name, in the order they are listed */
    public static Map<String, Study> all() {
        return Collections.unmodifiableMap(ALL);
    }

    /**
     * @param name a study name
     * @return the study
     * @throws UsageException listing the known ones when there is no such study
     */
    public static Study named(String name) {
        Study s = ALL.get(name);
        if (s == null) {
            throw new UsageException("study '" + name + "': expected one of " + String.join(", ", ALL.keySet()) + ", found no such study");
        }
        return s;
    }
}
