package org.musubi.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.musubi.error.MusubiUserException;
import org.musubi.freq.FreqMergePlan;
import org.musubi.freq.FreqMergeRequest;
import org.musubi.jobs.options.OutputDirOptions;
import org.musubi.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code musubi freq-merge}: combines banks' freq outputs into one panel with per-bank columns. */
@Command(
        name = "freq-merge",
        header = "Merge several banks' freq outputs into one panel.",
        sortOptions = false,
        description = {
            "Combines several banks' 'musubi freq' outputs, reading only their aggregates: sums AC, AN, nhomalt",
            "(and the other counts) per variant and stratum, recomputes AF, faf95/faf99 and grpmax from the merged",
            "counts, keeps per-bank AC_<bank>/AN_<bank>/AF_<bank>, marks a merged cell 'partial' where a bank had",
            "suppressed it, and applies the release gate again. Tests AF heterogeneity between banks per variant",
            "(chi-square, or Fisher's exact test for two banks with small counts) and reports Hudson's Fst per pair",
            "of banks. Refuses banks on different genome builds or references, with different contig names or",
            "stratification. A variant absent from a bank's output counts as not observed there (n_banks).",
            "HWE is not merged. Outputs frequencies.parquet, frequencies.sites.vcf.gz and summary.json."
        },
        footer = {
            "",
            "Examples:",
            "  bin/musubi freq-merge --inputs bankA.freq/ bankB.freq/ bankC.freq/ \\",
            "      --out panel.freq/",
            "  bin/musubi freq-merge --inputs a.freq b.freq --names BBJ,ToMMo \\",
            "      --release-policy conf/release.yaml --out m/"
        })
public final class FreqMergeJob extends DriverJob {
    @Option(
            names = "--inputs",
            required = true,
            arity = "1..*",
            split = ",",
            paramLabel = "DIR",
            description = "the banks' freq output directories (two or more)")
    List<String> inputs = new ArrayList<>();

    @Option(
            names = "--names",
            split = ",",
            paramLabel = "NAME",
            description = "bank names, one per input in order (default: the bank recorded in each output)")
    List<String> names = new ArrayList<>();

    @Option(
            names = "--release-policy",
            paramLabel = "YAML",
            description = "release gate of the merged output (default: the largest k of the inputs; none if no"
                    + " input was gated); see conf/release.yaml")
    String releasePolicy;

    @Mixin
    OutputDirOptions output;

    @Override
    protected String name() {
        return "freq-merge";
    }

    @Override
    protected String output() {
        return output.out;
    }

    @Override
    protected void validate() {
        if (inputs.size() < 2) {
            throw new MusubiUserException(
                    "--inputs: give at least two banks' freq outputs to merge (got " + inputs.size() + ")");
        }
        if (!names.isEmpty() && names.size() != inputs.size()) {
            throw new MusubiUserException("--names: " + names.size() + " names for " + inputs.size()
                    + " inputs; give one name per input, in the same order");
        }
    }

    @Override
    protected int run(SparkConf settings, Configuration hadoop) throws Exception {
        FreqMergePlan.run(
                hadoop,
                SparkSessions.parquetCodec(settings),
                new FreqMergeRequest(inputs, names, releasePolicy, output.out, output.overwrite, arguments()));
        return 0;
    }
}
