package org.musubi.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.musubi.error.MusubiUserException;
import org.musubi.freq.FreqPlan;
import org.musubi.freq.FreqRequest;
import org.musubi.jobs.options.OutputDirOptions;
import org.musubi.jobs.options.TableOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code musubi freq}: per-bank allele frequencies by stratum, gnomAD-style sites VCF and Parquet. */
@Command(
        name = "freq",
        header = "Allele frequencies by population and sex, with a release gate.",
        sortOptions = false,
        description = {
            "Allele frequencies of every variant of a table, per stratum (all samples, each population, XX/XY,",
            "population x sex): AC, AN, AF, nhomalt, n_called, faf95/faf99 (Hail's formula), grpmax, and the",
            "HWE exact test P (PLINK 2). Ploidy-aware on X outside the PARs and on Y. Outputs:",
            "frequencies.parquet (one row per variant and stratum), frequencies.sites.vcf.gz (gnomAD-style INFO",
            "keys AC, AC_<pop>, AC_XX, AC_<pop>_XX ...) and summary.json. Without --release-policy the output is",
            "marked 'internal: not for release'."
        },
        footer = {"", "Example:", "  bin/musubi freq --table cohort.mvt --strata population,sex --out cohort.freq/"})
public final class FreqJob extends JobBase {
    @Mixin
    TableOption input;

    @Option(
            names = "--strata",
            split = ",",
            paramLabel = "S",
            description = "population, sex or both (default: population,sex); 'none' for all samples only")
    List<String> strata = new ArrayList<>(List.of("population", "sex"));

    @Option(
            names = "--release-policy",
            paramLabel = "YAML",
            description = "release gate policy (k, withdrawn samples); see conf/release.yaml")
    String releasePolicy;

    @Mixin
    OutputDirOptions output;

    @Override
    protected String name() {
        return "freq";
    }

    @Override
    protected String output() {
        return output.out;
    }

    @Override
    protected void validate() {
        strata.removeIf(s -> s.equals("none"));
        for (String s : strata) {
            if (!s.equals("population") && !s.equals("sex")) {
                throw new MusubiUserException("--strata " + s + ": use population, sex, both, or none");
            }
        }
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        FreqPlan.run(
                spark, new FreqRequest(input.table, strata, releasePolicy, output.out, output.overwrite, arguments()));
        return 0;
    }
}
