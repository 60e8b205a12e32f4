package org.musubi.gwas;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.musubi.format.calls.CallsView;
import org.musubi.format.calls.DosageCodec;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.genome.Contig;
import org.musubi.stats.GlmErrcode;
import org.musubi.stats.LinearResult;
import org.musubi.stats.LogisticResult;

/**
 * Tests the variants of one partition against every model of a {@link GwasDesign}. A1 is the minor allele as PLINK 2
 * picks it: ALT unless the ALT frequency is above 0.5 (REF wins a tie), the frequency counted over the samples of
 * the run (all table samples, or those of {@code --keep}) from the calls as the kernels see them (half calls are
 * missing) or from the dosages when the table has them. Per variant the calls are decoded once; a linear model on
 * a rare variant with A1 = ALT and no dosages takes the sparse O(AC) path.
 *
 * <p>Sex chromosomes as PLINK 2 {@code --glm} (checked against plink2 2.00a3.5): on chrX ({@code X}, {@code chrX},
 * {@code 23}; every position, PARs too, as PLINK 2 treats a VCF's X records unless the PARs are split into {@code
 * XY}/{@code PAR1}/{@code PAR2}, which are autosomal here) the {@link GwasDesign#xModels} are used and the A1 dosage
 * of an XY sample is halved under {@code --xchr-model 1} (a haploid ALT call, stored as HOM_ALT, counts 1; a diploid
 * het call 0.5) and kept under model 2; on chrY ({@code Y}, {@code chrY}, {@code 24}) the all-male {@link
 * GwasDesign#yModels} with dosages 0/1; on chrM ({@code MT}, {@code M}, {@code chrM}, {@code 26}) the autosomal
 * models with dosages 0/1. A1 is the minor allele counting one allele for an XY sample on chrX, XY samples only on
 * chrY and one allele per sample on chrM; A1_FREQ is the A1 dosage over the alleles of the model's observed samples
 * (one per sample coded 0/1, two per sample coded 0..2).
 */
final class GwasTask {
    /** A1 dosage of each {@link GenotypeCode} (hom-ref, het, hom-alt, missing) when A1 is ALT, and when it is REF. */
    private static final double[] ALT_DOSAGE = {0, 1, 2, Double.NaN};

    private static final double[] REF_DOSAGE = {2, 1, 0, Double.NaN};

    /**
     * A dense hard-call variant with at most n / this A1 carriers goes through the kernel's carrier-list path
     * (O(carriers (k + m)), measured faster than the dense path up to about a quarter of the samples).
     */
    private static final int SPARSE_FRACTION = 4;

    private final GwasDesign design;
    private final int n;
    private final CallsView view = new CallsView();
    private final byte[] codes;
    private final double[] altDosage;
    private final int[] nonRefIdx;
    private final byte[] nonRefCode;
    private final double[][] modelDosage;
    private final LinearResult[] linearOut;
    private final LogisticResult[] logisticOut;
    private final int[] sparseIdx;
    private final double[] sparseVal;
    private final int[] missIdx;
    private final int[] codeCounts = new int[4];
    private final GwasResult result = new GwasResult();
    /** Index in {@link GwasDesign#info} order of each model's phenotypes. */
    private final int[][] phenotypeIndex;

    /** Contig kinds. */
    static final int AUTOSOME = 0;

    static final int CHR_X = 1;
    static final int CHR_Y = 2;
    static final int CHR_M = 3;

    /** The model set of chrX / chrY (null: chrX skipped), with its result buffers. */
    private final ModelSet xSet;

    private final ModelSet ySet;
    private final ModelSet mSet;
    private String lastContig;
    private int lastKind;
    /** {@code gwas --pred}: every variant goes to REGENIE's step 2 instead of the PLINK models; null otherwise. */
    RegenieTask regenie;

    /** Per model of a set: its dosage column, result buffer and phenotype indexes. */
    private static final class ModelSet {
        final List<GwasDesign.Model> models;
        final double[][] dosage;
        final LinearResult[] linear;
        final LogisticResult[] logistic;
        final int[][] phenotypeIndex;

        ModelSet(List<GwasDesign.Model> models, Map<String, Integer> index) {
            this.models = models;
            int k = models.size();
            dosage = new double[k][];
            linear = new LinearResult[k];
            logistic = new LogisticResult[k];
            phenotypeIndex = new int[k][];
            for (int m = 0; m < k; m++) {
                GwasDesign.Model model = models.get(m);
                dosage[m] = new double[model.sampleCount];
                if (model.linear != null) {
                    linear[m] = model.linear.newResult();
                } else {
                    logistic[m] = model.logistic.newResult();
                }
                phenotypeIndex[m] = new int[model.phenotypes.size()];
                for (int j = 0; j < model.phenotypes.size(); j++) {
                    phenotypeIndex[m][j] = index.get(model.phenotypes.get(j));
                }
            }
        }
    }

    /**
     * The model set of a contig ({@link Contig#kind}): chrX, chrY, chrM, or autosome (also XY, the PARs stored
     * apart, and any other contig).
     */
    static int contigKind(String contig) {
        return switch (Contig.kind(contig)) {
            case X -> CHR_X;
            case Y -> CHR_Y;
            case MT -> CHR_M;
            default -> AUTOSOME;
        };
    }

    GwasTask(GwasDesign design, int sampleCount) {
        this.design = design;
        this.n = sampleCount;
        codes = new byte[n];
        altDosage = new double[n];
        nonRefIdx = new int[n];
        nonRefCode = new byte[n];
        sparseIdx = new int[n];
        sparseVal = new double[n];
        missIdx = new int[n];
        Map<String, Integer> index = new HashMap<>();
        for (String name : design.info.keySet()) {
            index.put(name, index.size());
        }
        mSet = new ModelSet(design.models, index);
        modelDosage = mSet.dosage;
        linearOut = mSet.linear;
        logisticOut = mSet.logistic;
        phenotypeIndex = mSet.phenotypeIndex;
        xSet = design.xModels == null
                ? null
                : design.xModels == design.models ? mSet : new ModelSet(design.xModels, index);
        ySet = new ModelSet(design.yModels == null ? List.of() : design.yModels, index);
    }

    /**
     * Tests one variant (its table row: calls, and dosages or null) against every model; each result goes to
     * {@code out}, models in design order, a model's phenotypes in its order.
     */
    void test(
            String contig, int pos, String id, String ref, String alt, byte[] calls, byte[] dosage, GwasResult.Sink out)
            throws IOException {
        if (!contig.equals(lastContig)) {
            lastContig = contig;
            lastKind = contigKind(contig);
        }
        GwasResult res = result;
        res.contig = contig;
        res.pos = pos;
        res.id = id;
        res.ref = ref;
        res.alt = alt;
        if (regenie != null) {
            regenie.test(contig, calls, dosage, res, out);
            return;
        }
        if (lastKind != AUTOSOME) {
            testSexChromosome(lastKind, ref, alt, calls, dosage, out);
            return;
        }
        view.reset(calls, n);
        boolean[] inFreq = design.freqSamples;
        boolean sparse = dosage == null && view.isSparse() && view.defaultCode() == GenotypeCode.HOM_REF;
        int nonRef = 0;
        boolean decoded = false;
        double altSum = 0;
        long called = 0;
        // hard calls stored dense: A1 carriers over all samples, for A1 = ALT and A1 = REF (-1: not counted)
        int carriersIfAlt = -1;
        int carriersIfRef = -1;
        if (sparse) {
            nonRef = view.nonRefSamples(nonRefIdx, nonRefCode);
            int missing = 0;
            for (int k = 0; k < nonRef; k++) {
                if (inFreq == null || inFreq[nonRefIdx[k]]) {
                    if (nonRefCode[k] == GenotypeCode.MISSING) {
                        missing++;
                    } else {
                        altSum += nonRefCode[k];
                    }
                }
            }
            called = design.freqSampleCount - missing;
        } else if (dosage == null) {
            // hard calls: count the codes (no per-sample doubles until a model needs them)
            view.decodeDense(codes);
            decoded = true;
            long het = 0;
            long homAlt = 0;
            long missing = 0;
            int[] all = codeCounts;
            java.util.Arrays.fill(all, 0);
            for (int i = 0; i < n; i++) {
                int c = codes[i];
                all[c]++;
                if (inFreq == null || inFreq[i]) {
                    het += c == GenotypeCode.HET ? 1 : 0;
                    homAlt += c == GenotypeCode.HOM_ALT ? 1 : 0;
                    missing += c == GenotypeCode.MISSING ? 1 : 0;
                }
            }
            altSum = het + 2.0 * homAlt;
            called = design.freqSampleCount - missing;
            carriersIfAlt = all[GenotypeCode.HET] + all[GenotypeCode.HOM_ALT];
            carriersIfRef = all[GenotypeCode.HET] + all[GenotypeCode.HOM_REF];
        } else {
            decodeAltDosage(dosage);
            decoded = true;
            for (int i = 0; i < n; i++) {
                double x = altDosage[i];
                if (!Double.isNaN(x) && (inFreq == null || inFreq[i])) {
                    altSum += x;
                    called++;
                }
            }
        }
        KeptSampleFilter filter = design.variantFilter;
        if (filter != null
                && !filter.passes(
                        called == 0 ? Double.NaN : altSum / (2.0 * called),
                        filter.countsMissing() ? missingKept(sparse, nonRef, dosage != null) : 0,
                        false)) {
            return;
        }
        // PLINK 2: the major allele is REF when its frequency is >= 0.5; A1 is the other one
        boolean a1IsAlt = called == 0 || altSum <= called;
        res.a1 = a1IsAlt ? alt : ref;
        boolean sparseOk = sparse && a1IsAlt;
        for (int m = 0; m < design.models.size(); m++) {
            GwasDesign.Model model = design.models.get(m);
            int[] map = model.tableToRow;
            if (model.linear != null && sparseOk) {
                int nz = 0;
                int miss = 0;
                double sum = 0;
                for (int k = 0; k < nonRef; k++) {
                    int row = map[nonRefIdx[k]];
                    if (row < 0) {
                        continue;
                    }
                    if (nonRefCode[k] == GenotypeCode.MISSING) {
                        missIdx[miss++] = row;
                    } else {
                        sparseIdx[nz] = row;
                        sparseVal[nz] = nonRefCode[k];
                        sum += nonRefCode[k];
                        nz++;
                    }
                }
                testCarriers(out, m, nz, miss, sum);
                continue;
            }
            if (!decoded) {
                if (dosage == null) {
                    view.decodeDense(codes);
                } else {
                    decodeAltDosage(dosage);
                }
                decoded = true;
            }
            int carriers = a1IsAlt ? carriersIfAlt : carriersIfRef;
            if (model.linear != null && dosage == null && carriers >= 0 && carriers <= n / SPARSE_FRACTION) {
                // few A1 carriers: the kernel's O(carriers) path from a list, as for variants stored sparse
                int nz = 0;
                int miss = 0;
                double sum = 0;
                double[] lut = a1IsAlt ? ALT_DOSAGE : REF_DOSAGE;
                for (int i = 0; i < n; i++) {
                    int row = map[i];
                    if (row < 0) {
                        continue;
                    }
                    double y = lut[codes[i]];
                    if (y != y) {
                        missIdx[miss++] = row;
                    } else if (y != 0) {
                        sparseIdx[nz] = row;
                        sparseVal[nz] = y;
                        sum += y;
                        nz++;
                    }
                }
                testCarriers(out, m, nz, miss, sum);
                continue;
            }
            double[] d = modelDosage[m];
            double sum = 0;
            int obs = 0;
            if (dosage == null) {
                double[] lut = a1IsAlt ? ALT_DOSAGE : REF_DOSAGE;
                for (int i = 0; i < n; i++) {
                    int row = map[i];
                    if (row >= 0) {
                        double y = lut[codes[i]];
                        d[row] = y;
                        if (y == y) {
                            sum += y;
                            obs++;
                        }
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    int row = map[i];
                    if (row >= 0) {
                        double x = altDosage[i];
                        double y = a1IsAlt ? x : 2 - x;
                        d[row] = y;
                        if (!Double.isNaN(y)) {
                            sum += y;
                            obs++;
                        }
                    }
                }
            }
            double freq = obs > 0 ? sum / (2.0 * obs) : Double.NaN;
            if (model.linear != null) {
                LinearResult r = linearOut[m];
                model.linear.testDense(d, r);
                emitLinear(out, m, r, freq);
            } else {
                LogisticResult r = logisticOut[m];
                model.logistic.testDense(d, r);
                emitLogistic(out, phenotypeIndex[m][0], r, freq, a1IsAlt);
            }
        }
    }

    private void emitLogistic(GwasResult.Sink out, int phenotype, LogisticResult r, double freq, boolean a1IsAlt)
            throws IOException {
        GwasResult res = result;
        res.phenotype = phenotype;
        res.a1Freq = freq;
        res.logistic = true;
        res.firth = (byte) (r.firthUsed() ? 1 : 0);
        res.obsCt = r.obsCt();
        res.errcode = errcodeText(r, a1IsAlt);
        res.beta = r.beta();
        res.se = r.se();
        res.stat = r.zStat();
        res.lnP = r.lnP();
        out.accept(res);
    }

    /**
     * A variant of chrX, chrY or chrM (see the class comment): dense decode, haploid-aware A1, per-sample coding.
     * Off the autosomal fast paths on purpose: these contigs hold a few percent of the variants.
     */
    private void testSexChromosome(int kind, String ref, String alt, byte[] calls, byte[] dosage, GwasResult.Sink out)
            throws IOException {
        ModelSet set = kind == CHR_X ? xSet : kind == CHR_Y ? ySet : mSet;
        if (set == null || set.models.isEmpty()) {
            return;
        }
        GwasResult res = result; // variant fields set by test()
        if (dosage == null) {
            view.reset(calls, n);
            view.decodeDense(codes);
            for (int i = 0; i < n; i++) {
                altDosage[i] = ALT_DOSAGE[codes[i]];
            }
        } else {
            decodeAltDosage(dosage);
        }
        boolean[] male = design.male;
        boolean[] inFreq = design.freqSamples;
        // A1: ALT allele count ×2 over allele count, an XY sample counting one allele on chrX, chrY only XY samples
        double alt2 = 0;
        long alleles = 0;
        for (int i = 0; i < n; i++) {
            double x = altDosage[i];
            if (x != x || (inFreq != null && !inFreq[i])) {
                continue;
            }
            int w = kind == CHR_M ? 1 : kind == CHR_Y ? (male[i] ? 1 : 0) : (male[i] ? 1 : 2);
            alt2 += x * w;
            alleles += w;
        }
        KeptSampleFilter filter = design.variantFilter;
        if (filter != null) {
            long missing = 0;
            for (int i = 0; i < n && filter.countsMissing(); i++) {
                double x = altDosage[i];
                missing += x != x && (filter.kept == null || filter.kept[i]) && (kind != CHR_Y || male[i]) ? 1 : 0;
            }
            if (!filter.passes(alleles == 0 ? Double.NaN : alt2 / (2.0 * alleles), missing, kind == CHR_Y)) {
                return;
            }
        }
        boolean a1IsAlt = alleles == 0 || alt2 <= alleles;
        res.a1 = a1IsAlt ? alt : ref;
        // chrX: XY samples 0/1 under xchr-model 1; chrY and chrM: everyone 0/1
        boolean halveMales = kind == CHR_X && design.sexChromosomes.xchrModel() == 1;
        boolean halveAll = kind != CHR_X;
        for (int m = 0; m < set.models.size(); m++) {
            GwasDesign.Model model = set.models.get(m);
            int[] map = model.tableToRow;
            double[] d = set.dosage[m];
            double sum = 0;
            long modelAlleles = 0;
            for (int i = 0; i < n; i++) {
                int row = map[i];
                if (row < 0) {
                    continue;
                }
                double x = altDosage[i];
                double y = a1IsAlt ? x : 2 - x;
                boolean haploid = halveAll || (halveMales && male[i]);
                if (haploid) {
                    y *= 0.5;
                }
                d[row] = y;
                if (y == y) {
                    sum += y;
                    modelAlleles += haploid ? 1 : 2;
                }
            }
            double freq = modelAlleles > 0 ? sum / modelAlleles : Double.NaN;
            if (model.linear != null) {
                LinearResult r = set.linear[m];
                model.linear.testDense(d, r);
                emitLinear(out, set.phenotypeIndex[m], r, freq);
            } else {
                LogisticResult r = set.logistic[m];
                model.logistic.testDense(d, r);
                emitLogistic(out, set.phenotypeIndex[m][0], r, freq, a1IsAlt);
            }
        }
    }

    /**
     * A linear model on the carrier list in {@code sparseIdx/sparseVal} ({@code nz}) and the missing rows in {@code
     * missIdx} ({@code miss}); {@code sum} is the A1 dosage sum, for the A1 frequency.
     */
    private void testCarriers(GwasResult.Sink out, int m, int nz, int miss, double sum) throws IOException {
        GwasDesign.Model model = design.models.get(m);
        LinearResult r = linearOut[m];
        model.linear.testSparse(sparseIdx, sparseVal, nz, missIdx, miss, r);
        int obs = model.sampleCount - miss;
        emitLinear(out, m, r, obs > 0 ? sum / (2.0 * obs) : Double.NaN);
    }

    private void emitLinear(GwasResult.Sink out, int m, LinearResult r, double freq) throws IOException {
        emitLinear(out, phenotypeIndex[m], r, freq);
    }

    private void emitLinear(GwasResult.Sink out, int[] phen, LinearResult r, double freq) throws IOException {
        GwasResult res = result;
        res.a1Freq = freq;
        res.logistic = false;
        res.firth = -1;
        res.obsCt = r.obsCt();
        for (int j = 0; j < phen.length; j++) {
            res.phenotype = phen[j];
            res.errcode = r.errcode(j).plinkText();
            res.beta = r.beta(j);
            res.se = r.se(j);
            res.stat = r.tStat(j);
            res.lnP = r.lnP(j);
            out.accept(res);
        }
    }

    /**
     * PLINK's ERRCODE text; {@code SEPARATION} names the first separated allele in REF, ALT1 order (PLINK checks
     * every allele of the variant, the omitted one too).
     */
    static String errcodeText(LogisticResult r, boolean a1IsAlt) {
        GlmErrcode e = r.errcode();
        if (e != GlmErrcode.SEPARATION) {
            return e.plinkText();
        }
        boolean refSeparated = a1IsAlt ? r.omittedSeparated() : r.a1Separated();
        return e.plinkText() + (refSeparated ? ",REF" : ",ALT1");
    }

    /** Missing calls of the kept samples ({@link KeptSampleFilter}), from what the branch of test() decoded. */
    private long missingKept(boolean sparse, int nonRef, boolean dosage) {
        boolean[] kept = design.variantFilter.kept;
        long m = 0;
        if (sparse) {
            for (int k = 0; k < nonRef; k++) {
                m += nonRefCode[k] == GenotypeCode.MISSING && (kept == null || kept[nonRefIdx[k]]) ? 1 : 0;
            }
        } else {
            for (int i = 0; i < n; i++) {
                boolean missing = dosage ? altDosage[i] != altDosage[i] : codes[i] == GenotypeCode.MISSING;
                m += missing && (kept == null || kept[i]) ? 1 : 0;
            }
        }
        return m;
    }

    private void decodeAltDosage(byte[] dosage) {
        DosageCodec.decode(dosage, n, altDosage);
    }
}
