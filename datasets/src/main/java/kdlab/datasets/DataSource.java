package kdlab.datasets;

import ai.djl.ndarray.NDManager;

/** A dataset that can describe itself cheaply and load itself onto a device. */
public interface DataSource {
    /** @return the spec string that selects this source */
    String spec();

    /**
     * @return the dataset's shape and task, read from headers or parameters only
     * @throws DataException when the files are missing or malformed
     */
    DataInfo describe();

    /**
     * @param manager the manager whose device receives the arrays; they are attached to it
     * @return both splits on the device
     * @throws DataException when the files are missing or malformed
     */
    LoadedData load(NDManager manager);
}
