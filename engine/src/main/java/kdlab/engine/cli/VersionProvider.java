package kdlab.engine.cli;

import ai.djl.engine.Engine;
import kdlab.engine.run.Manifest;
import picocli.CommandLine;

/** Prints kdlab's, DJL's and libtorch's versions for {@code --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"kdlab " + Manifest.currentVersion(), "DJL " + Engine.getDjlVersion()};
    }
}
