package org.musubi.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.musubi.error.MusubiUserException;
import org.musubi.report.ReportPlan;
import org.musubi.report.ReportRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code musubi report}: one self-contained HTML page over Musubi outputs. */
@Command(
        name = "report",
        header = "One self-contained HTML page over Musubi outputs.",
        sortOptions = false,
        description = {
            "One self-contained HTML page (no external files; plots inline) over Musubi outputs: variant tables,",
            "gwas (per phenotype: samples, cases/controls, model, failures by ERRCODE, lambda GC, top hits,",
            "Manhattan/QQ plots), prs (variant matching, evaluation: AUC, OR per SD, top-x%% OR, R², figures), freq",
            "(strata, suppressed cells, release policy), freq-merge (banks, heterogeneity, Fst) and meta (studies,",
            "top hits with I², plots). Each input is an output directory, or a directory holding outputs one or two",
            "levels down (the demo's --out). Reads aggregates only, never per-sample files; the page says at the top",
            "whether it may be released (every output produced under a release policy) or is internal."
        },
        footer = {
            "",
            "Examples:",
            "  bin/musubi report --inputs demo/ --out demo/report.html",
            "  bin/musubi report --inputs bankA.freq/,panel.freq/ --title 'Panel release' \\",
            "      --out panel.html"
        })
public final class ReportJob extends DriverJob {
    @Option(
            names = "--inputs",
            required = true,
            split = ",",
            arity = "1..*",
            paramLabel = "DIR",
            description = "Musubi output directories, or directories holding them (e.g. demo/)")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the HTML page to write")
    String out;

    @Option(names = "--title", paramLabel = "TEXT", description = "page title (default: ${DEFAULT-VALUE})")
    String title = "Musubi report";

    @Option(names = "--overwrite", description = "replace an existing page")
    boolean overwrite;

    @Override
    protected String name() {
        return "report";
    }

    @Override
    protected void validate() {
        if (inputs.isEmpty()) {
            throw new MusubiUserException("--inputs: give at least one Musubi output directory");
        }
        if (title.isBlank()) {
            throw new MusubiUserException("--title: give a non-empty title");
        }
    }

    @Override
    protected int run(SparkConf settings, Configuration hadoop) throws Exception {
        // The page is built on the driver from small aggregate files; the Hadoop settings (--conf spark.hadoop.*)
        // serve hdfs:// and s3a:// paths.
        ReportPlan.run(hadoop, new ReportRequest(inputs, out, title, overwrite, arguments()));
        return 0;
    }
}
