package org.musubi.gwas;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.musubi.error.MusubiUserException;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.DosageCodec;
import org.musubi.stats.RegenieBt;
import org.musubi.stats.RegenieQt;
import org.musubi.stats.RegenieResult;

/**
 * {@code gwas --pred} in one task: per chromosome it reads that chromosome's LOCO rows and prepares the tests
 * ({@link RegenieQt}, {@link RegenieBt}: the null models with the offset), then tests each variant (ALT dosages of
 * the row; ALT is the tested allele, REGENIE's ALLELE1) against every phenotype. Results go out as {@link
 * GwasResult}s with A1 = ALT and the REGENIE fields set, for the PLINK-style, GWAS-SSF and {@code .regenie} outputs.
 * Memory: one chromosome's tests, O(samples × phenotypes).
 */
final class RegenieTask {
    private static final double[] ALT_DOSAGE = {0, 1, 2, Double.NaN};
    private static final double LN_10 = Math.log(10);

    private final RegenieDesign design;
    private final int n;
    private final Configuration conf;
    private final CallsView view = new CallsView();
    private final byte[] codes;
    private final double[] alt;
    private final double[][] x;
    private final RegenieResult[][] results;
    private String contig;
    private RegenieQt[] qt;
    private RegenieBt[][] bt;
    private double[][] qtWork;
    private RegenieBt.Workspace[][] btWork;

    RegenieTask(RegenieDesign design, int n, Configuration conf) {
        this.design = design;
        this.n = n;
        this.conf = conf;
        codes = new byte[n];
        alt = new double[n];
        int g = design.groups.size();
        x = new double[g][];
        results = new RegenieResult[g][];
        for (int m = 0; m < g; m++) {
            RegenieDesign.Group group = design.groups.get(m);
            x[m] = new double[group.sampleCount()];
            results[m] = new RegenieResult[group.phenotypes().size()];
            for (int j = 0; j < results[m].length; j++) {
                results[m][j] = new RegenieResult();
            }
        }
    }

    /** Tests one variant (its table row); the variant fields of {@code res} are set by the caller. */
    void test(String variantContig, byte[] calls, byte[] dosage, GwasResult res, GwasResult.Sink out)
            throws IOException {
        if (!variantContig.equals(contig)) {
            prepare(variantContig);
        }
        if (dosage == null) {
            view.reset(calls, n);
            view.decodeDense(codes);
            for (int i = 0; i < n; i++) {
                alt[i] = ALT_DOSAGE[codes[i]];
            }
        } else {
            DosageCodec.decode(dosage, n, alt);
        }
        res.a1 = res.alt;
        for (int m = 0; m < design.groups.size(); m++) {
            RegenieDesign.Group group = design.groups.get(m);
            int[] map = group.tableToRow();
            double[] xm = x[m];
            for (int i = 0; i < n; i++) {
                if (map[i] >= 0) {
                    xm[map[i]] = alt[i];
                }
            }
            RegenieResult[] r = results[m];
            double minMac = design.options.minMac();
            if (group.kind() == GwasDesign.Kind.LINEAR) {
                if (!qt[m].test(xm, minMac, qtWork[m], r)) {
                    continue;
                }
                for (int j = 0; j < r.length; j++) {
                    emit(out, res, group.phenotypeIndex()[j], r[j], false);
                }
            } else if (bt[m][0].test(xm, minMac, btWork[m][0], r[0])) {
                emit(out, res, group.phenotypeIndex()[0], r[0], true);
            }
        }
    }

    private void emit(GwasResult.Sink out, GwasResult res, int phenotype, RegenieResult r, boolean logistic)
            throws IOException {
        res.phenotype = phenotype;
        res.a1Freq = r.altFreq;
        res.logistic = logistic;
        res.firth = (byte) (logistic ? (r.firth ? 1 : 0) : -1);
        res.obsCt = r.n;
        res.errcode = r.failed ? "FIRTH_CONVERGE_FAIL" : ".";
        res.beta = r.beta;
        res.se = r.se;
        res.stat = r.z;
        res.lnP = -r.log10p * LN_10;
        res.regenie = r;
        out.accept(res);
    }

    /** Reads the chromosome's LOCO rows and prepares every test. */
    private void prepare(String c) throws IOException {
        contig = c;
        int code = LocoPredictions.regenieChromosome(c);
        int g = design.groups.size();
        qt = new RegenieQt[g];
        bt = new RegenieBt[g][];
        qtWork = new double[g][];
        btWork = new RegenieBt.Workspace[g][];
        for (int m = 0; m < g; m++) {
            RegenieDesign.Group group = design.groups.get(m);
            int rows = group.sampleCount();
            int p = group.phenotypes().size();
            double[] loco = new double[rows * p];
            for (int j = 0; j < p; j++) {
                String ph = group.phenotypes().get(j);
                double[] row = design.loco.row(ph, code, conf);
                int[] map = group.tableToRow();
                for (int i = 0; i < n; i++) {
                    if (map[i] >= 0) {
                        if (Double.isNaN(row[i])) {
                            throw new MusubiUserException(design.loco.paths.get(ph) + ": chromosome " + code
                                    + " has NA for a sample with phenotype " + ph + "; step 1 saw that sample's "
                                    + ph + " missing: run step 1 again on the same phenotype file");
                        }
                        loco[j * rows + map[i]] = row[i];
                    }
                }
            }
            if (group.kind() == GwasDesign.Kind.LINEAR) {
                qt[m] = RegenieQt.create(group.basis(), group.ys(), p, loco);
                qtWork[m] = qt[m].newWorkspace();
            } else {
                RegenieBt t = RegenieBt.create(
                        group.basis(), group.ys(), loco, design.options.firth(), design.options.pThreshold());
                if (t == null) {
                    throw new MusubiUserException(
                            "gwas --pred: phenotype " + group.phenotypes().get(0)
                                    + ", chromosome " + code + ": the null logistic model with the LOCO offset did not"
                                    + " converge (separation by the covariates, or a LOCO prediction of another phenotype)");
                }
                bt[m] = new RegenieBt[] {t};
                btWork[m] = new RegenieBt.Workspace[] {t.newWorkspace()};
            }
        }
    }
}
