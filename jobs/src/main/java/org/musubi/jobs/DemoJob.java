package org.musubi.jobs;

import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import org.musubi.demo.DemoPlan;
import org.musubi.error.MusubiUserException;
import org.musubi.jobs.options.OutputDirOptions;
import org.musubi.spark.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code musubi demo}: the end-to-end demo on a simulated multi-bank cohort, in one Spark session. */
@Command(
        name = "demo",
        header = "Run the whole pipeline on a simulated cohort.",
        sortOptions = false,
        description = {
            "Run the whole pipeline on a small simulated multi-bank cohort in one Spark session: simulate",
            "(VCF per bank) → ingest → qc (KING, unrelated set, PCA) → gwas (qt, cc with age, sex and qc's PC1,",
            "PC2) → prs (the true PGS) → freq (with",
            "each bank's release policy) → freq-merge (one panel) → meta (the banks' GWAS) → report (one HTML",
            "page over all of it, <out>/report.html). Prints where the outputs are."
        },
        footer = {"", "Example:", "  bin/musubi demo --out demo/"})
public final class DemoJob extends JobBase {
    @Mixin
    OutputDirOptions output;

    @Option(names = "--banks", paramLabel = "N", description = "banks (default ${DEFAULT-VALUE})")
    int banks = 3;

    @Option(names = "--samples", paramLabel = "N", description = "samples per bank (default ${DEFAULT-VALUE})")
    int samples = 2000;

    @Option(names = "--variants", paramLabel = "N", description = "variants (default ${DEFAULT-VALUE})")
    int variants = 5000;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = org.musubi.simulate.model.SimulationParams.DEFAULT_SEED;

    @Override
    protected String name() {
        return "demo";
    }

    @Override
    protected void validate() {
        if (banks < 1 || banks > 26) {
            throw new MusubiUserException("--banks " + banks + ": use 1 to 26");
        }
        if (samples < 100) {
            throw new MusubiUserException("--samples " + samples + ": the demo needs at least 100 samples per bank");
        }
        if (variants < 500) {
            throw new MusubiUserException("--variants " + variants + ": the demo needs at least 500 variants");
        }
    }

    @Override
    protected int run(SparkSession spark) throws Exception {
        DemoPlan.Summary s = DemoPlan.run(
                spark, new DemoPlan.Request(output.out, banks, samples, variants, seed, output.overwrite, arguments()));
        PrintWriter o = spec.commandLine().getOut();
        o.println();
        o.println("musubi demo: done in " + Progress.duration(s.seconds()) + ".");
        for (DemoPlan.StepResult r : s.steps()) {
            if (r.step().equals("report")) {
                o.println("Start with the report, one page over everything: "
                        + r.outputs().get(0));
            }
        }
        o.println("Where to look:");
        for (DemoPlan.StepResult r : s.steps()) {
            o.println("  " + r.step() + " (" + Progress.duration(r.seconds()) + "): " + r.what());
            for (String p : r.outputs()) {
                o.println("      " + p);
            }
        }
        o.println("Explore them with Spark SQL: notebooks/run.sh notebooks/demo_walkthrough.jsh " + output.out);
        o.println("Running several jobs in a row: 'bin/musubi server start' keeps Spark warm for the jobs started in"
                + " this directory (README, 'server').");
        o.flush();
        return 0;
    }
}
