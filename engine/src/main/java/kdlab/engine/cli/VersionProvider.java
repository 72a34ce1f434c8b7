package kdlab.engine.cli;

import kdlab.engine.NativeStack;
import kdlab.engine.run.Manifest;
import picocli.CommandLine;

/** Prints kdlab's, DJL's and libtorch's versions, and the native build loaded, for {@code --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"kdlab " + Manifest.currentVersion(), "DJL " + NativeStack.djlVersion(),
            "PyTorch " + NativeStack.pytorchVersion() + " (native build " + NativeStack.nativeBuild() + ")"};
    }
}
