package org.musubi.ingest;

import java.util.List;

/**
 * Everything the ingest plan needs, validated by the job.
 *
 * @param inputs files, globs or directories
 * @param output table directory
 * @param bank bank id recorded in the table (may be null)
 * @param samplesManifest TSV / .psam / .fam, or null
 * @param genomeBuild GRCh37/GRCh38, or null to take it from the header
 * @param dosageField "auto", "DS", "GP", or null for none
 * @param partitions target number of splits (0 = from the cluster's parallelism)
 * @param arguments the command line, recorded in {@code _table.json}
 */
public record IngestRequest(
        List<String> inputs,
        String output,
        String bank,
        String samplesManifest,
        String genomeBuild,
        IngestOptions options,
        String dosageField,
        List<String> infoFields,
        int partitions,
        boolean overwrite,
        List<String> arguments) {}
