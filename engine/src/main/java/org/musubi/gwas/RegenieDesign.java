package org.musubi.gwas;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.musubi.stats.CovariateBasis;

/**
 * The set-up of {@code gwas --pred} (REGENIE's step 2, SPECS §8.2), made on the driver next to the {@link
 * GwasDesign} whose sample sets and covariates it reuses, and broadcast with it: per model of the design its
 * phenotypes, samples, covariate basis and values, and where each phenotype's LOCO rows are ({@link
 * LocoPredictions}). The tasks build the per-chromosome tests from it ({@link RegenieTask}). Every contig, chrX
 * included, is tested with the autosomal models and ALT dosages 0/1/2, as REGENIE tests a diploid-coded file.
 */
final class RegenieDesign implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One model of the design: its phenotypes share the samples and the covariates. */
    record Group(
            GwasDesign.Kind kind,
            List<String> phenotypes,
            int[] phenotypeIndex,
            int[] tableToRow,
            int sampleCount,
            CovariateBasis basis,
            double[] ys)
            implements Serializable {}

    final List<Group> groups = new ArrayList<>();
    final LocoPredictions loco;
    final RegenieOptions options;

    private RegenieDesign(LocoPredictions loco, RegenieOptions options) {
        this.loco = loco;
        this.options = options;
    }

    static RegenieDesign build(
            GwasDesign design, RegenieOptions options, List<String> tableIds, List<String> contigs, Configuration conf)
            throws IOException {
        int n = tableIds.size();
        boolean[] analysed = new boolean[n];
        List<String> phenotypes = new ArrayList<>(design.info.keySet());
        for (GwasDesign.Model m : design.models) {
            for (int i = 0; i < n; i++) {
                analysed[i] |= m.tableToRow[i] >= 0;
            }
        }
        for (String c : contigs) {
            LocoPredictions.regenieChromosome(c);
        }
        LocoPredictions loco = LocoPredictions.open(options.predList(), phenotypes, tableIds, analysed, contigs, conf);
        RegenieDesign d = new RegenieDesign(loco, options);
        for (GwasDesign.Model m : design.models) {
            int[] idx = new int[m.phenotypes.size()];
            for (int j = 0; j < idx.length; j++) {
                idx[j] = phenotypes.indexOf(m.phenotypes.get(j));
            }
            CovariateBasis basis = m.linear != null ? m.linear.basis() : m.logistic.basis();
            d.groups.add(new Group(m.kind, m.phenotypes, idx, m.tableToRow, m.sampleCount, basis, m.y));
        }
        return d;
    }

    /** The model as the summary, the GWAS-SSF metadata and the log say it. */
    static String describe(GwasDesign.Kind kind, RegenieOptions o) {
        if (kind == GwasDesign.Kind.LINEAR) {
            return "REGENIE step 2: score test with the LOCO offset (quantitative)";
        }
        String firth =
                switch (o.firth()) {
                    case NONE -> "no Firth correction";
                    case APPROX -> "approximate Firth (--approx) where P < " + o.pThreshold();
                    case FULL -> "Firth where P < " + o.pThreshold();
                };
        return "REGENIE step 2: logistic score test with the LOCO offset, " + firth + " (binary)";
    }
}
