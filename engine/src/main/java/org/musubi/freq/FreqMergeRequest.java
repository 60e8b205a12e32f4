package org.musubi.freq;

import java.util.List;

/**
 * Everything {@link FreqMergePlan} needs, validated by the job.
 *
 * @param inputs the banks' {@code freq} output directories (at least two)
 * @param names bank names, one per input, or empty to use the bank recorded in each output
 * @param releasePolicy a release policy YAML for the merged output, or null: the strictest (largest) k of the
 *     inputs, or no gate when no input was gated
 * @param out output directory
 * @param overwrite replace an existing output
 * @param arguments the command line, recorded in the summary
 */
public record FreqMergeRequest(
        List<String> inputs,
        List<String> names,
        String releasePolicy,
        String out,
        boolean overwrite,
        List<String> arguments) {}
