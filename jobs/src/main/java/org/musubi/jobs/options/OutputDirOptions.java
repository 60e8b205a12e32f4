package org.musubi.jobs.options;

import picocli.CommandLine.Option;

/**
 * The output options of every job that writes a result directory: {@code --out DIR} (written atomically: complete
 * with {@code _SUCCESS}, or absent) and {@code --overwrite} (replace an existing one; without it an existing output
 * is refused). A picocli mixin: {@code @Mixin OutputDirOptions output;}.
 */
public final class OutputDirOptions {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    public String out;

    @Option(names = "--overwrite", description = "replace an existing output directory")
    public boolean overwrite;
}
