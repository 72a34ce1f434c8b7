package kdlab.datasets.fetch;

/**
 * One file of a dataset as published.
 *
 * @param name the file name at the source and on disk
 * @param md5 its published MD5 sum, lower-case hex
 * @param unpack whether it is a .tar.gz archive to extract (otherwise it is kept as downloaded)
 */
public record RemoteFile(String name, String md5, boolean unpack) {}
