package kdlab.datasets;

/**
 * A dataset on the device.
 *
 * @param info what it holds
 * @param train the training split (validation is held out of it later)
 * @param test the test split
 */
public record LoadedData(DataInfo info, Split train, Split test) {}
