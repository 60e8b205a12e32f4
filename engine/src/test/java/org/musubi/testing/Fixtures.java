package org.musubi.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths of test fixtures: the repository's own, and the shared data set (../shared/data) when present. */
public final class Fixtures {
    private Fixtures() {}

    /** A fixture under engine/src/test/resources. */
    public static Path resource(String relative) {
        Path p = Paths.get("src/test/resources").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing test fixture " + p.toAbsolutePath());
        }
        return p.toAbsolutePath();
    }

    /** A file of the shared data set ({@code ../shared/data/<relative>} from the repository root), or null if absent. */
    public static Path shared(String relative) {
        for (String root : new String[] {"../shared/data", "../../shared/data"}) {
            Path p = Paths.get(root).resolve(relative);
            if (Files.exists(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }
}
