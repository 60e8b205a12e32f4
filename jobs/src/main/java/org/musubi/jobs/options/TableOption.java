package org.musubi.jobs.options;

import picocli.CommandLine.Option;

/** {@code --table DIR}: the variant table a job reads. A picocli mixin: {@code @Mixin TableOption input;}. */
public final class TableOption {
    @Option(names = "--table", required = true, paramLabel = "DIR", description = "the variant table")
    public String table;
}
