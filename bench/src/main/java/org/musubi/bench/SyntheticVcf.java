package org.musubi.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic multi-sample VCF (text, on stdout; pipe it into {@code bgzip}).
 *
 * <p>GT-only FORMAT, diploid, unphased. Allele frequencies follow a Beta(0.1, 1) spectrum (most sites rare; a
 * site that draws no ALT allele gets one forced heterozygous carrier, so every ALT is observed), genotypes are
 * drawn under Hardy-Weinberg, a few % of sites are tri-allelic, about 8% are short indels, and ~0.5% of genotypes
 * are missing ({@code ./.}). Variants are spread over the autosomes in proportion to their GRCh38 lengths, with
 * increasing positions. The same arguments always give the same bytes; {@code --limit K} gives exactly the first
 * K records of the full file (used to run slow peers on a prefix).
 *
 * <pre>
 * java -cp bench/target/classes org.musubi.bench.SyntheticVcf --samples 2000 --variants 50000 | bgzip &gt; x.vcf.gz
 * </pre>
 */
public final class SyntheticVcf {

    /** GRCh38 autosome lengths. */
    private static final long[] GRCH38 = {
        248956422L, 242193529L, 198295559L, 190214555L, 181538259L, 170805979L, 159345973L, 145138636L,
        138394717L, 133797422L, 135086622L, 133275309L, 114364328L, 107043718L, 101991189L, 90338345L,
        83257441L, 80373285L, 58617616L, 64444167L, 46709983L, 50818468L
    };

    private static final byte[] BASES = {'A', 'C', 'G', 'T'};
    private static final double BETA_A = 0.1; // Beta(a, 1): X = U^(1/a)

    private int samples = 2000;
    private long variants = 50_000;
    private long limit = Long.MAX_VALUE;
    private long seed = 20240607L;
    private int chromosomes = 22;
    private double missing = 0.005;
    private double multiallelic = 0.03;
    private double indel = 0.08;
    private Path statsFile;

    // statistics of what was emitted
    private long records;
    private long altAlleles;
    private long multiRecords;
    private long missingCalls;
    private long nonRefCalls;
    private long bytes;

    public static void main(String[] args) throws IOException {
        SyntheticVcf g = new SyntheticVcf();
        g.parse(args);
        long t0 = System.nanoTime();
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        try {
            g.write(out);
            out.flush();
        } catch (IOException e) {
            // A closed pipe (e.g. `| head`) is not an error for a generator.
            if (!String.valueOf(e.getMessage()).contains("Broken pipe")) {
                throw e;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        g.report(secs);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--variants" -> variants = Long.parseLong(args[++i]);
                case "--limit" -> limit = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--chromosomes" -> chromosomes = Integer.parseInt(args[++i]);
                case "--missing" -> missing = Double.parseDouble(args[++i]);
                case "--multiallelic" -> multiallelic = Double.parseDouble(args[++i]);
                case "--indel" -> indel = Double.parseDouble(args[++i]);
                case "--stats" -> statsFile = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.err.println("usage: SyntheticVcf [--samples N] [--variants M] [--limit K] [--seed S]"
                            + " [--chromosomes 1..22] [--missing F] [--multiallelic F] [--indel F] [--stats FILE]"
                            + "  (VCF text on stdout)");
                    System.exit(0);
                }
                default -> {
                    System.err.println("SyntheticVcf: unknown argument " + a);
                    System.exit(2);
                }
            }
        }
        if (samples < 1 || variants < 1 || chromosomes < 1 || chromosomes > 22) {
            System.err.println("SyntheticVcf: need samples >= 1, variants >= 1, 1 <= chromosomes <= 22");
            System.exit(2);
        }
    }

    private void write(OutputStream out) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        final int n = samples;
        final int gtBytes = 4 * n; // "0/0\t" per sample; the last tab becomes '\n'

        // Output buffer: flushed when it cannot hold one more line.
        final int maxPrefix = 512;
        byte[] buf = new byte[Math.max(8 << 20, 2 * (gtBytes + maxPrefix))];
        int len = 0;

        len = put(buf, len, header());

        // Template row of hom-ref calls, copied into each line before non-ref calls are placed.
        byte[] homRef = new byte[gtBytes];
        for (int s = 0; s < n; s++) {
            homRef[4 * s] = '0';
            homRef[4 * s + 1] = '/';
            homRef[4 * s + 2] = '0';
            homRef[4 * s + 3] = '\t';
        }
        homRef[gtBytes - 1] = '\n';

        // Variants per chromosome, proportional to length (largest-remainder free: cumulative rounding).
        long total = 0;
        for (int c = 0; c < chromosomes; c++) {
            total += GRCH38[c];
        }
        long[] perChrom = new long[chromosomes];
        long cum = 0;
        long assigned = 0;
        for (int c = 0; c < chromosomes; c++) {
            cum += GRCH38[c];
            long upto = Math.round((double) variants * cum / total);
            perChrom[c] = upto - assigned;
            assigned = upto;
        }

        // Per-site genotype categories: index 0 = missing, then non-ref genotypes (a/b with a <= b).
        byte[] catA = new byte[6];
        byte[] catB = new byte[6];
        double[] cumP = new double[6];
        int[] altCount = new int[3];
        byte[] alt1 = new byte[8];
        byte[] alt2 = new byte[8];
        byte[] ref = new byte[8];

        outer:
        for (int c = 0; c < chromosomes; c++) {
            long m = perChrom[c];
            if (m == 0) {
                continue;
            }
            byte[] chrom = ("chr" + (c + 1)).getBytes(StandardCharsets.US_ASCII);
            // Stratified positions: variant v lies uniformly in the v-th of m equal bins of [10 kb, length - 10 kb),
            // so positions increase strictly and stay inside the contig.
            long span = GRCH38[c] - 20_000;
            for (long v = 0; v < m; v++) {
                if (records >= limit) {
                    break outer;
                }
                long lo = 10_000 + v * span / m;
                long hi = 10_000 + (v + 1) * span / m;
                long pos = lo + rng.nextLong(Math.max(1, hi - lo));

                // Alleles.
                int refLen;
                int alt1Len;
                int alt2Len = 0;
                boolean tri = rng.nextDouble() < multiallelic;
                int rb = rng.nextInt(4);
                ref[0] = BASES[rb];
                refLen = 1;
                alt1[0] = BASES[(rb + 1 + rng.nextInt(3)) % 4];
                alt1Len = 1;
                if (tri) {
                    int b1 = Arrays.binarySearch(BASES, alt1[0]);
                    int b2;
                    do {
                        b2 = rng.nextInt(4);
                    } while (b2 == rb || b2 == b1);
                    alt2[0] = BASES[b2];
                    alt2Len = 1;
                } else if (rng.nextDouble() < indel) {
                    int k = 1 + rng.nextInt(3);
                    if (rng.nextBoolean()) { // insertion: A -> AC..
                        alt1[0] = ref[0];
                        for (int i = 1; i <= k; i++) {
                            alt1[i] = BASES[rng.nextInt(4)];
                        }
                        alt1Len = 1 + k;
                    } else { // deletion: AC.. -> A
                        for (int i = 1; i <= k; i++) {
                            ref[i] = BASES[rng.nextInt(4)];
                        }
                        refLen = 1 + k;
                        alt1[0] = ref[0];
                        alt1Len = 1;
                    }
                }

                // Allele frequencies: Beta(0.1, 1); a second ALT is rarer.
                double f1 = Math.pow(rng.nextDouble(), 1 / BETA_A);
                double f2 = tri ? Math.pow(rng.nextDouble(), 1 / BETA_A) * 0.5 : 0;
                if (f1 + f2 > 0.99) {
                    double k = 0.99 / (f1 + f2);
                    f1 *= k;
                    f2 *= k;
                }
                double f0 = 1 - f1 - f2;
                int nCat = 0;
                catA[nCat] = '.';
                catB[nCat] = '.';
                cumP[nCat] = missing;
                nCat++;
                double q = missing;
                double[] f = {f0, f1, f2};
                int nAll = tri ? 3 : 2;
                for (int a = 0; a < nAll; a++) {
                    for (int b = a; b < nAll; b++) {
                        if (a == 0 && b == 0) {
                            continue;
                        }
                        double p = (a == b ? f[a] * f[a] : 2 * f[a] * f[b]) * (1 - missing);
                        q += p;
                        catA[nCat] = (byte) ('0' + a);
                        catB[nCat] = (byte) ('0' + b);
                        cumP[nCat] = q;
                        nCat++;
                    }
                }

                // Line prefix.
                if (len + gtBytes + maxPrefix > buf.length) {
                    out.write(buf, 0, len);
                    bytes += len;
                    len = 0;
                }
                len = put(buf, len, chrom);
                buf[len++] = '\t';
                len = putLong(buf, len, pos);
                buf[len++] = '\t';
                buf[len++] = '.';
                buf[len++] = '\t';
                System.arraycopy(ref, 0, buf, len, refLen);
                len += refLen;
                buf[len++] = '\t';
                System.arraycopy(alt1, 0, buf, len, alt1Len);
                len += alt1Len;
                if (tri) {
                    buf[len++] = ',';
                    System.arraycopy(alt2, 0, buf, len, alt2Len);
                    len += alt2Len;
                }
                len = put(buf, len, TAIL);

                // Genotypes: start from hom-ref, then place the non-hom-ref calls.
                final int gt0 = len;
                System.arraycopy(homRef, 0, buf, gt0, gtBytes);
                altCount[1] = 0;
                altCount[2] = 0;
                if (q < 0.3) {
                    // Geometric skipping over hom-ref calls: exact, and cheap for rare sites.
                    double logNot = Math.log1p(-q);
                    int s = -1;
                    while (logNot < 0) {
                        double u = 1.0 - rng.nextDouble(); // (0, 1]
                        double skip = Math.floor(Math.log(u) / logNot);
                        if (s + 1 + skip >= n) {
                            break;
                        }
                        s += 1 + (int) skip;
                        int k = pick(cumP, nCat, rng.nextDouble() * q);
                        place(buf, gt0 + 4 * s, catA[k], catB[k], altCount);
                    }
                } else {
                    for (int s = 0; s < n; s++) {
                        double u = rng.nextDouble();
                        if (u < q) {
                            int k = pick(cumP, nCat, u);
                            place(buf, gt0 + 4 * s, catA[k], catB[k], altCount);
                        }
                    }
                }
                // Every ALT allele is observed at least once (as in a joint-called cohort).
                for (int a = 1; a < nAll; a++) {
                    if (altCount[a] == 0) {
                        int start = rng.nextInt(n);
                        for (int i = 0; i < n; i++) {
                            int s = (start + i) % n;
                            int o = gt0 + 4 * s;
                            if (buf[o] == '0' && buf[o + 2] == '0') {
                                place(buf, o, (byte) '0', (byte) ('0' + a), altCount);
                                break;
                            }
                        }
                    }
                }
                len += gtBytes;

                records++;
                altAlleles += nAll - 1;
                if (tri) {
                    multiRecords++;
                }
            }
        }
        out.write(buf, 0, len);
        bytes += len;
    }

    private static final byte[] TAIL = "\t.\tPASS\t.\tGT\t".getBytes(StandardCharsets.US_ASCII);

    private void place(byte[] buf, int o, byte a, byte b, int[] altCount) {
        buf[o] = a;
        buf[o + 2] = b;
        if (a == '.') {
            missingCalls++;
            return;
        }
        nonRefCalls++;
        if (a != '0') {
            altCount[a - '0']++;
        }
        altCount[b - '0']++;
    }

    private static int pick(double[] cumP, int nCat, double u) {
        for (int k = 0; k < nCat - 1; k++) {
            if (u < cumP[k]) {
                return k;
            }
        }
        return nCat - 1;
    }

    private byte[] header() {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("##fileformat=VCFv4.2\n");
        h.append("##source=musubi-bench SyntheticVcf seed=")
                .append(seed)
                .append(" samples=")
                .append(samples)
                .append(" variants=")
                .append(variants)
                .append('\n');
        h.append("##reference=GRCh38 (synthetic alleles)\n");
        h.append("##FILTER=<ID=PASS,Description=\"All filters passed\">\n");
        for (int c = 0; c < chromosomes; c++) {
            h.append("##contig=<ID=chr")
                    .append(c + 1)
                    .append(",length=")
                    .append(GRCH38[c])
                    .append(",assembly=GRCh38>\n");
        }
        h.append("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n");
        h.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
        for (int s = 1; s <= samples; s++) {
            h.append('\t').append(String.format(Locale.ROOT, "S%07d", s));
        }
        h.append('\n');
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static int put(byte[] buf, int len, byte[] b) {
        System.arraycopy(b, 0, buf, len, b.length);
        return len + b.length;
    }

    private static int putLong(byte[] buf, int len, long v) {
        if (v == 0) {
            buf[len++] = '0';
            return len;
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            buf[len + i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return len + digits;
    }

    private void report(double secs) throws IOException {
        long genotypes = records * (long) samples;
        String s = String.format(
                Locale.ROOT,
                "samples=%d%nrecords=%d%ngenotypes=%d%nalt_alleles=%d%nsplit_genotype_rows=%d%n"
                        + "multiallelic_records=%d%nmissing_calls=%d%nnon_ref_calls=%d%nvcf_text_bytes=%d%n"
                        + "seed=%d%ngenerator_seconds=%.3f%n",
                samples,
                records,
                genotypes,
                altAlleles,
                altAlleles * samples,
                multiRecords,
                missingCalls,
                nonRefCalls,
                bytes,
                seed,
                secs);
        if (statsFile != null) {
            Files.writeString(statsFile, s, StandardCharsets.US_ASCII);
        }
        PrintStream err = System.err;
        err.printf(
                Locale.ROOT,
                "SyntheticVcf: %d records x %d samples = %d genotypes (%d tri-allelic, %.3f%% missing) in %.2f s,"
                        + " %.3g genotypes/s%n",
                records,
                samples,
                genotypes,
                multiRecords,
                genotypes == 0 ? 0 : 100.0 * missingCalls / genotypes,
                secs,
                genotypes / Math.max(secs, 1e-9));
    }
}
