package org.musubi.freq;

import java.util.List;

/**
 * Everything {@link FreqPlan} needs, validated by the job.
 *
 * @param table the variant table
 * @param strata which strata besides "all": any of {@code population}, {@code sex} (both: also population × sex)
 * @param releasePolicy a release policy YAML, or null for an internal (not for release) output
 * @param out output directory
 * @param overwrite replace an existing output
 * @param arguments the command line, recorded in the summary
 */
public record FreqRequest(
        String table,
        List<String> strata,
        String releasePolicy,
        String out,
        boolean overwrite,
        List<String> arguments) {}
