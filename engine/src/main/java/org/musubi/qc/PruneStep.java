package org.musubi.qc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.musubi.error.MusubiUserException;
import org.musubi.genome.GenomeBuild;
import org.musubi.io.InputFile;
import org.musubi.output.OutputCommit;
import org.musubi.table.VariantTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of a {@code qc} run, LD pruning: picks the samples (founders among those that passed sample QC when it
 * ran), the excluded ranges ({@code --exclude-range}, else the long-range LD list of the table's build bundled from
 * {@code conf/}, else none) and the tasks, runs {@link PrunePass} and writes {@link PruneOutput}; bad input is one
 * line.
 */
final class PruneStep {
    private static final Logger LOG = LoggerFactory.getLogger(PruneStep.class);

    private PruneStep() {}

    static PrunedSet run(
            JavaSparkContext jsc,
            Configuration conf,
            VariantTable table,
            QcRequest req,
            QcCohort cohort,
            int[] keptSamples,
            Set<String> failingVariants,
            OutputCommit commit,
            Map<String, Object> summary)
            throws IOException {
        PruneSettings s = req.prune();
        List<PrunePass.Unit> units = PrunePass.units(table.files(conf));
        if (units.isEmpty()) {
            throw new MusubiUserException(req.table() + ": the table has no autosomal variants; LD pruning (--steps"
                    + " prune) runs on autosomes only");
        }
        List<Integer> f = new ArrayList<>();
        for (int i : keptSamples) {
            if (cohort.founder[i]) {
                f.add(i);
            }
        }
        int[] founders = f.stream().mapToInt(Integer::intValue).toArray();
        if (founders.length < 2) {
            throw new MusubiUserException("qc prune: " + founders.length + " founder(s) among the " + keptSamples.length
                    + " samples kept; LD pruning needs at least 2 (as plink2 --indep-pairwise)");
        }
        String[] rangeName = new String[1];
        GenomeRanges ranges = ranges(table, s, conf, rangeName);
        int tasks = req.partitions() > 0 ? req.partitions() : units.size();
        List<PrunePass.Part> parts =
                PrunePass.run(jsc, conf, units, cohort.size(), founders, failingVariants, ranges, s, tasks);
        int candidates = 0;
        int rows = 0;
        for (PrunePass.Part p : parts) {
            candidates += p.keys().size();
            rows += p.rows();
        }
        if (candidates == 0) {
            throw new MusubiUserException("qc prune: none of the " + rows + " autosomal variants is left to prune"
                    + " after variant QC, --prune-maf " + s.maf() + " and the excluded ranges (" + rangeName[0]
                    + "); relax them (e.g. --prune-maf 0, --no-long-range-ld)");
        }
        PrunedSet kept = PruneOutput.write(commit, parts, s, rangeName[0], founders.length, summary);
        LOG.info("qc: LD pruning: {} of {} candidate variants kept", kept.size(), candidates);
        return kept;
    }

    /** The ranges to leave out, and in {@code name[0]} what they are (for the summary). */
    static GenomeRanges ranges(VariantTable table, PruneSettings s, Configuration conf, String[] name)
            throws IOException {
        if (s.excludeRange() != null) {
            name[0] = s.excludeRange();
            try (InputStream in = InputFile.openInput("--exclude-range", new Path(s.excludeRange()), conf)) {
                return GenomeRanges.parse(lines(in), "--exclude-range " + s.excludeRange());
            }
        }
        if (!s.longRangeLd()) {
            name[0] = "none";
            return GenomeRanges.NONE;
        }
        GenomeBuild build = GenomeBuild.parse(table.metadata.genomeBuild);
        if (build == null) {
            LOG.warn(
                    "qc prune: the table's genome build ({}) is not GRCh37 or GRCh38, so no long-range LD regions are"
                            + " left out; give them with --exclude-range FILE",
                    table.metadata.genomeBuild);
            name[0] = "none (genome build unknown)";
            return GenomeRanges.NONE;
        }
        String file = "long-range-ld-" + build.name() + ".txt";
        name[0] = "conf/" + file;
        try (InputStream in = PruneStep.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("the engine jar lacks " + file + " (bundled from conf/)");
            }
            return GenomeRanges.parse(lines(in), "conf/" + file);
        }
    }

    private static List<String> lines(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String l;
        while ((l = r.readLine()) != null) {
            out.add(l);
        }
        return out;
    }
}
