package org.musubi.meta;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.musubi.error.MusubiUserException;
import org.musubi.format.Alleles;
import org.musubi.stats.MetaAnalysis;

/**
 * Aligns the studies' records of one variant (same chromosome, position and allele pair, either strand) to one
 * effect allele and combines them with {@link MetaAnalysis}. No Spark: the plan calls it once per variant group.
 *
 * <p>Alignment of a study's record to the reference (Allele1 = E, Allele2 = O; see {@link MetaResult}):
 *
 * <ul>
 *   <li>effect allele E, other O: as is; effect O, other E: swapped, β → −β and EAF → 1 − EAF;
 *   <li>complemented alleles (a study on the other strand) of a SNP that is not A/T or C/G: the complement decides
 *       the same way (strand flipped, then as is or swapped);
 *   <li>A/T and C/G SNPs, whose alleles cannot tell the strand: when both files give REF (forward strand) the
 *       labels are taken as they are (different REFs: dropped); otherwise by allele frequency: if both this
 *       study's and the reference study's minor allele frequencies are at most {@code palindromeMafMax}, the
 *       effect allele is the one whose frequency lies on the same side of 0.5 as E's in the reference study;
 *       else the record is dropped ({@code palindromic_ambiguous_eaf}, or {@code palindromic_no_eaf} when a
 *       frequency is missing).
 * </ul>
 */
public final class MetaCombiner implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> files;
    private final double palindromeMafMax;
    private final boolean sampleSize;

    /**
     * @param files the study files, in input order (named in errors)
     * @param palindromeMafMax A/T, C/G SNPs with a minor allele frequency above this are not aligned by frequency
     */
    public MetaCombiner(List<String> files, double palindromeMafMax, boolean sampleSize) {
        this.files = List.copyOf(files);
        this.palindromeMafMax = palindromeMafMax;
        this.sampleSize = sampleSize;
    }

    /** The result of one variant group: the combined row (null when no record survived) and the dropped records. */
    public record Combined(MetaResult result, List<SsfRecord> dropped) {}

    /** Combines the usable records of one variant key (any order; at most one per study). */
    public Combined combine(List<SsfRecord> group) {
        List<SsfRecord> recs = new ArrayList<>(group);
        recs.sort(Comparator.comparingInt(SsfRecord::study));
        for (int i = 1; i < recs.size(); i++) {
            SsfRecord a = recs.get(i - 1);
            SsfRecord b = recs.get(i);
            if (a.study() == b.study()) {
                throw new MusubiUserException(files.get(a.study()) + ": variant " + a.chrom() + ":" + a.pos() + " "
                        + a.effectAllele() + "/" + a.otherAllele() + " is given twice (lines " + a.line() + " and "
                        + b.line() + "); keep one line per variant");
            }
        }
        List<SsfRecord> dropped = new ArrayList<>();
        SsfRecord ref = recs.get(0);
        String e;
        String o;
        if (ref.ref() != null) {
            o = ref.ref();
            e = o.equals(ref.effectAllele()) ? ref.otherAllele() : ref.effectAllele();
        } else {
            e = ref.effectAllele();
            o = ref.otherAllele();
        }
        boolean palindromic = Alleles.isStrandAmbiguous(e, o);
        // frequency of E in the reference study
        double refFreqE = ref.effectAllele().equals(e) ? ref.eaf() : 1 - ref.eaf();
        int k = 0;
        int m = recs.size();
        double[] beta = new double[m];
        double[] se = new double[m];
        double[] z = new double[m];
        double[] n = new double[m];
        double[] eaf = new double[m];
        double[] w = new double[m];
        char[] direction = new char[files.size()];
        java.util.Arrays.fill(direction, '?');
        int swapped = 0;
        int strandFlipped = 0;
        int byEaf = 0;
        int fromCi = 0;
        String rsid = null;
        for (SsfRecord r : recs) {
            int sign;
            boolean flippedStrand = false;
            if (r == ref) {
                sign = r.effectAllele().equals(e) ? 1 : -1;
            } else if (!palindromic) {
                if (r.effectAllele().equals(e) && r.otherAllele().equals(o)) {
                    sign = 1;
                } else if (r.effectAllele().equals(o) && r.otherAllele().equals(e)) {
                    sign = -1;
                } else {
                    flippedStrand = true;
                    sign = Alleles.complement(r.effectAllele()).equals(e) ? 1 : -1;
                }
            } else if (ref.ref() != null && r.ref() != null) {
                if (!ref.ref().equals(r.ref())) {
                    dropped.add(r.dropped(
                            SsfRecord.Drop.PALINDROMIC_REF_CONFLICT,
                            "REF " + r.ref() + " here, " + ref.ref() + " in " + files.get(ref.study())));
                    continue;
                }
                sign = r.effectAllele().equals(e) ? 1 : -1;
            } else {
                if (Double.isNaN(r.eaf()) || Double.isNaN(refFreqE)) {
                    dropped.add(r.dropped(
                            SsfRecord.Drop.PALINDROMIC_NO_EAF,
                            Double.isNaN(r.eaf())
                                    ? "no effect_allele_frequency"
                                    : "no effect_allele_frequency in the reference study " + files.get(ref.study())));
                    continue;
                }
                double maf = Math.min(r.eaf(), 1 - r.eaf());
                double refMaf = Math.min(refFreqE, 1 - refFreqE);
                if (maf > palindromeMafMax || refMaf > palindromeMafMax) {
                    dropped.add(r.dropped(
                            SsfRecord.Drop.PALINDROMIC_AMBIGUOUS_EAF,
                            "MAF " + maf + " here, " + refMaf + " in the reference study " + files.get(ref.study())
                                    + " (limit " + palindromeMafMax + ")"));
                    continue;
                }
                sign = (r.eaf() - 0.5) * (refFreqE - 0.5) > 0 ? 1 : -1;
                int literal = r.effectAllele().equals(e) ? 1 : -1;
                flippedStrand = literal != sign;
                byEaf++;
            }
            if (sign < 0) {
                swapped++;
            }
            if (flippedStrand) {
                strandFlipped++;
            }
            if (r.seFromCi()) {
                fromCi++;
            }
            if (rsid == null) {
                rsid = r.rsid();
            }
            beta[k] = sign * r.beta();
            se[k] = r.se();
            z[k] = sign * (sampleSize ? r.z() : r.beta() / r.se());
            n[k] = r.n();
            eaf[k] = Double.isNaN(r.eaf()) ? Double.NaN : sign > 0 ? r.eaf() : 1 - r.eaf();
            w[k] = sampleSize ? r.n() : 1 / (r.se() * r.se());
            double d = sampleSize ? z[k] : beta[k];
            direction[r.study()] = d > 0 ? '+' : d < 0 ? '-' : '0';
            k++;
        }
        if (k == 0) {
            return new Combined(null, dropped);
        }
        MetaAnalysis.Frequency f = MetaAnalysis.frequency(eaf, w, k);
        double nSum = 0;
        for (int i = 0; i < k; i++) {
            nSum += n[i];
        }
        MetaResult.Variant v = new MetaResult.Variant(
                ref.chrom(),
                ref.pos(),
                ref.chrom() + ":" + ref.pos() + ":" + o + ":" + e,
                e,
                o,
                ref.ref() != null,
                rsid,
                k,
                new String(direction),
                f,
                nSum,
                swapped,
                strandFlipped,
                byEaf,
                fromCi);
        MetaResult res = sampleSize
                ? MetaResult.sampleSize(v, MetaAnalysis.sampleSize(z, n, k))
                : MetaResult.inverseVariance(v, MetaAnalysis.inverseVariance(beta, se, k));
        return new Combined(res, dropped);
    }
}
