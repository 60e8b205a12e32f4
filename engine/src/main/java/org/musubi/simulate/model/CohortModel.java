package org.musubi.simulate.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.musubi.error.MusubiUserException;

/**
 * A synthetic multi-bank cohort, generated block by block from one seed. Pure Java on primitive arrays, no Spark:
 * any block of any bank can be generated on its own (each has its own random streams, see {@link SimRandom}), so
 * tasks can generate blocks in parallel and get the same genotypes whatever the split.
 *
 * <p>Model:
 *
 * <ul>
 *   <li><b>Sites.</b> Variants come in LD blocks of {@value #BLOCK_VARIANTS} SNVs spread evenly over the contigs
 *       (block span at most 100 kb). Each site's ancestral ALT frequency p follows the neutral 1/x spectrum between
 *       1/(2 N) (N = all samples of all banks) and 0.5 (log-uniform), so most variants are rare.
 *   <li><b>Populations.</b> Three populations ({@link #POPULATIONS}) drift from the ancestral frequency by the
 *       Balding–Nichols model: p_k ~ Beta(p (1 − F_k) / F_k, (1 − p)(1 − F_k) / F_k) with F = {@link #DRIFT}, so
 *       F_ST(popA, popB) &lt; F_ST(popA, popC) &lt; F_ST(popB, popC).
 *   <li><b>Haplotypes.</b> Per block and population, {@value #FOUNDERS} founder haplotypes carry the common sites
 *       (p_k ≥ {@value #COMMON}): each founder follows a latent AR(1) Gaussian path along the block (correlation
 *       {@value #LATENT_CORRELATION} between neighbours) and the round(p_k · {@value #FOUNDERS}) founders lowest on
 *       it carry ALT, so founder frequencies are p_k to within 1/64 and neighbouring sites share carriers (LD). Each
 *       haplotype of an individual without parents copies a random founder with mutation (each allele flipped with
 *       probability {@value #MUTATION}); rare sites (p_k &lt; {@value #COMMON}) are carried independently with
 *       probability p_k. Blocks are independent (recombination between blocks).
 *   <li><b>Banks.</b> Each bank samples the populations in its own mixture ({@link #mixture(int)}), so frequencies
 *       differ between banks.
 *   <li><b>Families.</b> Children copy, per block, one haplotype of each parent (Mendelian transmission without
 *       recombination inside a block); on X outside the PARs a father passes his X to daughters and nothing to sons,
 *       and XY samples are haploid.
 *   <li><b>Missing calls.</b> Each genotype is missing with probability {@code missingRate} (own stream, so the true
 *       genotypes do not depend on it).
 * </ul>
 */
public final class CohortModel {
    public static final String[] POPULATIONS = {"popA", "popB", "popC"};
    /** Balding–Nichols F of each population from the ancestral population. */
    public static final double[] DRIFT = {0.02, 0.04, 0.08};
    /** Population coordinates, the centre of the PC-like covariates PC1, PC2. */
    public static final double[][] COORDINATES = {{0, 0}, {1, 0}, {0.5, 0.9}};

    public static final int BLOCK_VARIANTS = 25;
    public static final int FOUNDERS = 32;
    public static final double COMMON = 0.05;
    public static final double MUTATION = 0.002;
    public static final double LATENT_CORRELATION = 0.9;
    static final int MAX_BLOCK_SPAN = 100_000;

    static final long S_COHORT = 1;
    static final long S_LAYOUT = 2;
    static final long S_FOUNDERS = 3;
    static final long S_HAPLOTYPES = 4;
    static final long S_MISSING = 5;
    static final long S_CAUSAL = 6;
    static final long S_PHENOTYPES = 7;
    static final long S_WITHDRAWN = 8;
    /** Random stream of the truth scoring file's noise variants. */
    public static final long S_SCORE = 9;
    /** Random stream of the sample order ({@link SimulationParams#shuffleSamples}). */
    static final long S_SAMPLE_ORDER = 10;

    private static final String BASES = "ACGT";

    public final SimulationParams params;
    public final int blockCount;
    private final int[] blockContig;
    private final int[] blockStart;
    private final int[] blockSpan;
    private final List<BankCohort> banks = new ArrayList<>();
    private final List<CausalVariant> causal;
    private final double minFrequency;

    public CohortModel(SimulationParams params) {
        this.params = params;
        this.blockCount = (params.variants() + BLOCK_VARIANTS - 1) / BLOCK_VARIANTS;
        this.minFrequency = 1.0 / (2.0 * params.totalSamples());
        List<String> contigs = params.contigs();
        long[] usable = new long[contigs.size()];
        long total = 0;
        for (int c = 0; c < usable.length; c++) {
            usable[c] = Genome.lastPosition(contigs.get(c)) - Genome.firstPosition(contigs.get(c));
            total += usable[c];
        }
        blockContig = new int[blockCount];
        blockStart = new int[blockCount];
        blockSpan = new int[blockCount];
        long cum = 0;
        int b = 0;
        for (int c = 0; c < usable.length; c++) {
            long from = blockCount * cum / total;
            cum += usable[c];
            long to = blockCount * cum / total;
            int count = (int) (to - from);
            if (count == 0) {
                continue;
            }
            long span = Math.min(MAX_BLOCK_SPAN, usable[c] / count);
            if (span < 4L * BLOCK_VARIANTS) {
                throw new MusubiUserException("--variants " + params.variants() + " do not fit on contig(s) "
                        + String.join(",", contigs) + " (at most one SNV per 4 bp); name more contigs with --contigs");
            }
            for (int k = 0; k < count; k++) {
                blockContig[b] = c;
                blockStart[b] = (int) (Genome.firstPosition(contigs.get(c)) + k * span);
                blockSpan[b] = (int) span;
                b++;
            }
        }
        for (int bank = 0; bank < params.banks(); bank++) {
            banks.add(new BankCohort(
                    bank,
                    params.samples(bank),
                    mixture(bank),
                    params.relatedFraction(),
                    SimRandom.stream(params.seed(), S_COHORT, bank),
                    params.shuffleSamples() ? SimRandom.stream(params.seed(), S_SAMPLE_ORDER, bank) : null));
        }
        this.causal = pickCausal();
    }

    /**
     * Population mixture of a bank: bankA mostly popA, bankB popA and popB, bankC popB and popC; further banks
     * rotate a 60/20/20 mixture.
     */
    public static double[] mixture(int bank) {
        return switch (bank) {
            case 0 -> new double[] {0.9, 0.1, 0};
            case 1 -> new double[] {0.4, 0.6, 0};
            case 2 -> new double[] {0, 0.5, 0.5};
            default -> {
                double[] m = {0.2, 0.2, 0.2};
                m[bank % 3] = 0.6;
                yield m;
            }
        };
    }

    public BankCohort bank(int bank) {
        return banks.get(bank);
    }

    public List<CausalVariant> causal() {
        return causal;
    }

    /** The contig of a block. */
    public String contigOf(int block) {
        return params.contigs().get(blockContig[block]);
    }

    public int firstVariant(int block) {
        return block * BLOCK_VARIANTS;
    }

    public int variantsIn(int block) {
        return Math.min(BLOCK_VARIANTS, params.variants() - block * BLOCK_VARIANTS);
    }

    /** The sites of a block (the same in every bank). */
    public BlockLayout layout(int block) {
        int l = variantsIn(block);
        int k = POPULATIONS.length;
        BlockLayout lay = new BlockLayout(block, contigOf(block), firstVariant(block), l, k);
        SplittableRandom r = SimRandom.stream(params.seed(), S_LAYOUT, block);
        int slot = blockSpan[block] / BLOCK_VARIANTS;
        double logRange = Math.log(0.5 / minFrequency);
        for (int j = 0; j < l; j++) {
            lay.pos[j] = blockStart[block] + j * slot + r.nextInt(slot);
            int ref = r.nextInt(4);
            int alt = (ref + 1 + r.nextInt(3)) % 4;
            lay.ref[j] = BASES.substring(ref, ref + 1);
            lay.alt[j] = BASES.substring(alt, alt + 1);
            double p = minFrequency * Math.exp(r.nextDouble() * logRange);
            lay.ancestralFrequency[j] = p;
            for (int pop = 0; pop < k; pop++) {
                double f = DRIFT[pop];
                lay.populationFrequency[pop][j] = SimRandom.beta(r, p * (1 - f) / f, (1 - p) * (1 - f) / f);
            }
        }
        return lay;
    }

    /** Founder haplotypes of a block and population: alleles [founder][variant]. */
    private record Founders(byte[][] alleles) {}

    /**
     * Each founder follows a latent AR(1) Gaussian path along the block; at a common site the round(p_k ·
     * {@value #FOUNDERS}) founders with the lowest latent values carry ALT, so the founders' frequency is p_k to
     * within 1/(2 · {@value #FOUNDERS}) and neighbouring sites, whose latent orders are correlated, share carriers
     * (LD).
     */
    private Founders founders(BlockLayout lay, int pop) {
        SplittableRandom r = SimRandom.stream(params.seed(), S_FOUNDERS, lay.block, pop);
        int l = lay.length();
        double innovation = Math.sqrt(1 - LATENT_CORRELATION * LATENT_CORRELATION);
        double[] z = new double[FOUNDERS];
        Integer[] order = new Integer[FOUNDERS];
        byte[][] alleles = new byte[FOUNDERS][l];
        for (int j = 0; j < l; j++) {
            for (int f = 0; f < FOUNDERS; f++) {
                z[f] = j == 0 ? SimRandom.gaussian(r) : LATENT_CORRELATION * z[f] + innovation * SimRandom.gaussian(r);
                order[f] = f;
            }
            double p = lay.populationFrequency[pop][j];
            if (p < COMMON) {
                continue;
            }
            Arrays.sort(order, (a, b) -> Double.compare(z[a], z[b]));
            int carriers = (int) Math.min(FOUNDERS, Math.round(p * FOUNDERS));
            for (int k = 0; k < carriers; k++) {
                alleles[order[k]][j] = 1;
            }
        }
        return new Founders(alleles);
    }

    /**
     * Generates one bank's genotypes in a block into {@code out} (true genotypes when {@code withMissing} is false).
     */
    public void generate(int bankIndex, BlockLayout lay, boolean withMissing, BlockGenotypes out) {
        BankCohort c = banks.get(bankIndex);
        int n = c.sampleCount;
        int m = c.individualCount;
        int l = lay.length();
        out.ensure(l, n, m);
        out.layout = lay;
        int pops = POPULATIONS.length;
        Founders[] founders = new Founders[pops];
        for (int k = 0; k < pops; k++) {
            founders[k] = founders(lay, k);
        }
        SplittableRandom r = SimRandom.stream(params.seed(), S_HAPLOTYPES, bankIndex, lay.block);
        int[] choice = out.choice;
        for (int k = 0; k < pops; k++) {
            for (int slot : c.founderHaplotypes[k]) {
                choice[slot] = r.nextInt(FOUNDERS);
            }
        }
        byte[][] hap = out.haplotypes;
        for (int j = 0; j < l; j++) {
            byte[] h = hap[j];
            Arrays.fill(h, 0, 2 * m, (byte) 0);
            for (int k = 0; k < pops; k++) {
                int[] slots = c.founderHaplotypes[k];
                double p = lay.populationFrequency[k][j];
                if (p >= COMMON) {
                    byte[][] a = founders[k].alleles();
                    for (int slot : slots) {
                        h[slot] = a[choice[slot]][j];
                    }
                    for (long s = SimRandom.geometricSkip(r, MUTATION);
                            s < slots.length;
                            s += 1 + SimRandom.geometricSkip(r, MUTATION)) {
                        h[slots[(int) s]] ^= 1;
                    }
                } else {
                    for (long s = SimRandom.geometricSkip(r, p);
                            s < slots.length;
                            s += 1 + SimRandom.geometricSkip(r, p)) {
                        h[slots[(int) s]] = 1;
                    }
                }
            }
        }
        for (int child : c.children) {
            int fromMother = 2 * c.mother[child] + r.nextInt(2);
            int fromFather = 2 * c.father[child] + (lay.xNonPar ? 0 : r.nextInt(2));
            for (int j = 0; j < l; j++) {
                byte[] h = hap[j];
                h[2 * child] = h[fromMother];
                h[2 * child + 1] = h[fromFather];
            }
        }
        byte[] ploidy = null;
        if (lay.xNonPar) {
            ploidy = out.ploidy != null && out.ploidy.length == n ? out.ploidy : new byte[n];
            for (int s = 0; s < n; s++) {
                ploidy[s] = c.sex[c.individualOf[s]];
            }
        }
        out.ploidy = ploidy;
        int[] ind = c.individualOf;
        for (int j = 0; j < l; j++) {
            byte[] h = hap[j];
            byte[] g = out.gt[j];
            if (ploidy == null) {
                for (int s = 0; s < n; s++) {
                    int i = 2 * ind[s];
                    g[s] = (byte) (h[i] + h[i + 1]);
                }
            } else {
                for (int s = 0; s < n; s++) {
                    int i = 2 * ind[s];
                    g[s] = (byte) (ploidy[s] == 1 ? 2 * h[i] : h[i] + h[i + 1]);
                }
            }
        }
        double miss = params.missingRate();
        if (withMissing && miss > 0) {
            SplittableRandom mr = SimRandom.stream(params.seed(), S_MISSING, bankIndex, lay.block);
            for (int j = 0; j < l; j++) {
                byte[] g = out.gt[j];
                for (long s = SimRandom.geometricSkip(mr, miss); s < n; s += 1 + SimRandom.geometricSkip(mr, miss)) {
                    g[(int) s] = 3;
                }
            }
        }
    }

    /**
     * Causal variants: in distinct random autosomal blocks, one random site per block whose ALT frequency averaged
     * over the populations is in [0.1, 0.9] and whose alleles are not strand-ambiguous (so PRS matching keeps it).
     * Each gets a share of h² drawn as Exp(1) weights (a few large effects, many small), a random sign, and
     * β = ±sqrt(h²_j / (2 p (1 − p))).
     */
    private List<CausalVariant> pickCausal() {
        int wanted = params.causal();
        if (wanted == 0) {
            return List.of();
        }
        List<Integer> autosomal = new ArrayList<>();
        for (int b = 0; b < blockCount; b++) {
            if (!Genome.isX(contigOf(b))) {
                autosomal.add(b);
            }
        }
        SplittableRandom r = SimRandom.stream(params.seed(), S_CAUSAL);
        // Fisher–Yates over the autosomal blocks; take blocks until enough have a suitable site.
        int[] order = autosomal.stream().mapToInt(Integer::intValue).toArray();
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<int[]> picked = new ArrayList<>();
        List<Double> freq = new ArrayList<>();
        for (int b : order) {
            if (picked.size() == wanted) {
                break;
            }
            BlockLayout lay = layout(b);
            List<Integer> ok = new ArrayList<>();
            for (int j = 0; j < lay.length(); j++) {
                double p = meanFrequency(lay, j);
                if (p >= 0.1 && p <= 0.9 && !lay.strandAmbiguous(j)) {
                    ok.add(j);
                }
            }
            if (!ok.isEmpty()) {
                int j = ok.get(r.nextInt(ok.size()));
                picked.add(new int[] {b, j});
                freq.add(meanFrequency(lay, j));
            }
        }
        if (picked.size() < wanted) {
            throw new MusubiUserException("--causal " + wanted + ": only " + picked.size() + " autosomal LD blocks have"
                    + " a common site for a causal variant; simulate more --variants or fewer causal variants");
        }
        picked.sort((a, b) -> Integer.compare(a[0], b[0]));
        double[] share = new double[wanted];
        double sum = 0;
        for (int i = 0; i < wanted; i++) {
            share[i] = -Math.log(1 - r.nextDouble());
            sum += share[i];
        }
        List<CausalVariant> out = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            int b = picked.get(i)[0];
            int j = picked.get(i)[1];
            BlockLayout lay = layout(b);
            double p = meanFrequency(lay, j);
            double h2j = params.h2() * share[i] / sum;
            double beta = (r.nextBoolean() ? 1 : -1) * Math.sqrt(h2j / (2 * p * (1 - p)));
            out.add(new CausalVariant(
                    lay.firstVariant + j,
                    b,
                    j,
                    lay.contig,
                    lay.pos[j],
                    lay.id(j),
                    lay.ref[j],
                    lay.alt[j],
                    p,
                    beta,
                    h2j));
        }
        return List.copyOf(out);
    }

    static double meanFrequency(BlockLayout lay, int j) {
        double s = 0;
        for (double[] f : lay.populationFrequency) {
            s += f[j];
        }
        return s / lay.populationFrequency.length;
    }
}
