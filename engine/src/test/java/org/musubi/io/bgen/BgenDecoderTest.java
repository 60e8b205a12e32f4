package org.musubi.io.bgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musubi.format.calls.GenotypeCode;
import org.musubi.testing.Fixtures;

/**
 * The BGEN kernel against the expected VCFs of Glow's test data (written by qctool from the same BGENs): every
 * row's ALT dosage from FORMAT/GP, and the hard call that plink2's rule gives on that dosage.
 */
public class BgenDecoderTest {

    /** One decoded row: site, per-sample dosage and call. */
    public record Row(String chrom, int pos, String ref, String alt, double[] dosage, byte[] gt) {}

    public static List<Row> decode(Path bgen, double threshold, boolean refFirst) throws Exception {
        List<Row> rows = new ArrayList<>();
        forEachRow(bgen, threshold, refFirst, false, (r, g, out, j) -> {
            int k = r.alleleCount;
            rows.add(new Row(
                    r.chrom,
                    r.pos,
                    r.alleles[out.refIndex(k)],
                    r.alleles[out.altAllele(j, k)],
                    java.util.Arrays.copyOf(out.dosage(), g.sampleCount),
                    java.util.Arrays.copyOf(out.gt(), g.sampleCount)));
        });
        return rows;
    }

    /** What {@link #forEachRow} calls per row: the reader and decoder at the variant, the row {@code j} filled. */
    public interface RowVisitor {
        void row(BgenReader r, BgenGenotypes g, BgenRows out, int j);
    }

    /** Reads {@code bgen} from its start and fills every row (ALT) of every variant, calling {@code each}. */
    public static void forEachRow(Path bgen, double threshold, boolean refFirst, boolean keepRaw, RowVisitor each)
            throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(bgen.toFile(), "r")) {
            ByteSource src = ByteSource.of(f);
            BgenHeader h = BgenHeader.read(src);
            BgenReader r = new BgenReader(src, h);
            r.seek(h.firstVariant, 1);
            BgenGenotypes g = new BgenGenotypes();
            g.keepRaw(keepRaw);
            BgenRows out = new BgenRows(threshold, refFirst);
            while (r.hasNext(Long.MAX_VALUE)) {
                r.readVariant();
                g.decode(r);
                for (int j = 0; j < r.alleleCount - 1; j++) {
                    out.fill(g, j);
                    each.row(r, g, out, j);
                }
            }
        }
    }

    /**
     * Rows of the expected VCF: per ALT a, dosage from GP (unphased: colex genotype order; phased: per haplotype;
     * haploid: per allele), NaN for '.', and ploidy from the GP count; call by plink2's rule at {@code threshold}.
     */
    public static List<Row> expected(Path vcf, double threshold) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(vcf)) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            String[] alts = f[4].split(",");
            int k = alts.length + 1;
            String[] format = f[8].split(":");
            int gp = List.of(format).indexOf("GP");
            int n = f.length - 9;
            for (int a = 1; a < k; a++) {
                double[] d = new double[n];
                byte[] gt = new byte[n];
                for (int s = 0; s < n; s++) {
                    String[] p = f[9 + s].split(":")[gp].split(",");
                    if (p[0].equals(".")) {
                        d[s] = Double.NaN;
                        gt[s] = GenotypeCode.MISSING;
                        continue;
                    }
                    double[] v = new double[p.length];
                    for (int i = 0; i < p.length; i++) {
                        v[i] = Double.parseDouble(p[i]);
                    }
                    boolean phased = isPhased(f, s);
                    double dist;
                    double x = 0;
                    int ploidy;
                    if (phased) {
                        ploidy = p.length / k;
                        for (int h = 0; h < ploidy; h++) {
                            x += v[h * k + a];
                        }
                        dist = 0;
                        for (int h = 0; h < ploidy; h++) {
                            double xh = v[h * k + a];
                            dist += Math.abs(xh - Math.rint(xh));
                        }
                    } else if (p.length == k) {
                        ploidy = 1;
                        x = v[a];
                        dist = Math.abs(x - Math.rint(x));
                    } else if (p.length == k * (k + 1) / 2) {
                        ploidy = 2;
                        int g = 0;
                        for (int hi = 0; hi < k; hi++) {
                            for (int lo = 0; lo <= hi; lo++, g++) {
                                x += v[g] * ((lo == a ? 1 : 0) + (hi == a ? 1 : 0));
                            }
                        }
                        dist = Math.abs(x - Math.rint(x));
                    } else {
                        ploidy = 3; // polyploid: the table holds neither call nor dosage
                        dist = 1;
                    }
                    if (ploidy > 2) {
                        d[s] = Double.NaN;
                        gt[s] = GenotypeCode.MISSING;
                        continue;
                    }
                    d[s] = x;
                    long c = Math.round(x);
                    gt[s] = dist <= threshold + 1e-9
                            ? (byte) (ploidy == 1 && c == 1 ? GenotypeCode.HOM_ALT : c)
                            : GenotypeCode.MISSING;
                }
                rows.add(new Row(f[0], Integer.parseInt(f[1]), f[3], alts[a - 1], d, gt));
            }
        }
        return rows;
    }

    private static boolean isPhased(String[] f, int s) {
        // the plain VCFs carry no GT: phased files are told by name; threshold VCFs' GT says '|'
        String fmt = f[8];
        if (fmt.startsWith("GT")) {
            return f[9 + s].split(":")[0].contains("|");
        }
        return PHASED.get();
    }

    /** Whether the plain (GT-less) VCFs read next hold per-haplotype GP. */
    public static final ThreadLocal<Boolean> PHASED = ThreadLocal.withInitial(() -> false);

    public static void assertSame(List<Row> got, List<Row> want, double dosageTolerance, boolean checkCalls) {
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < got.size(); i++) {
            Row g = got.get(i);
            Row w = want.get(i);
            String at = w.chrom + ":" + w.pos + " " + w.ref + ">" + w.alt;
            assertThat(g.chrom + ":" + g.pos + " " + g.ref + ">" + g.alt).isEqualTo(at);
            for (int s = 0; s < w.dosage.length; s++) {
                double wd = w.dosage[s];
                double gd = g.dosage[s];
                boolean ok = Double.isNaN(wd) ? Double.isNaN(gd) : Math.abs(gd - wd) <= dosageTolerance;
                if (!ok) {
                    throw new AssertionError(at + " sample " + s + ": dosage " + gd + ", expected " + wd);
                }
                if (checkCalls && Math.abs(Math.abs(wd - Math.rint(wd)) - 0.1) > 1e-4 && g.gt[s] != w.gt[s]) {
                    throw new AssertionError(at + " sample " + s + ": call " + g.gt[s] + ", expected " + w.gt[s]);
                }
            }
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double t) {
        return org.assertj.core.data.Offset.offset(t);
    }

    @ParameterizedTest
    @CsvSource({
        "example.16bits.bgen, example.16bits.vcf",
        "example.16bits.noindex.bgen, example.16bits.vcf",
        "example.16bits.nosampleids.bgen, example.16bits.vcf",
        "example.16bits.oxford.bgen, example.16bits.vcf",
        "example.32bits.bgen, example.32bits.vcf",
        "example.8bits.bgen, example.8bits.vcf",
        "example.8bits.uncompressed.bgen, example.8bits.vcf",
        "example.8bits.zstd.bgen, example.8bits.vcf",
    })
    void glowExamplesEqualTheirVcfs(String bgen, String vcf) throws Exception {
        Path b = Fixtures.shared("glow/bgen/" + bgen);
        assumeTrue(b != null, "../shared/data/glow/bgen is absent");
        PHASED.set(false);
        assertSame(decode(b, 0.1, true), expected(b.resolveSibling(vcf), 0.1), 2e-5, true);
    }

    @Test
    void threeBitsAgreeWithSixteenWithinTheirPrecision() throws Exception {
        Path b = Fixtures.shared("glow/bgen/example.3bits.bgen");
        assumeTrue(b != null, "../shared/data/glow/bgen is absent");
        PHASED.set(false);
        // 3-bit probabilities are multiples of 1/7, rounded so that they sum to 1: each within 1/7 of the truth
        assertSame(decode(b, 0.1, true), expected(b.resolveSibling("example.16bits.vcf"), 0.1), 3.0 / 7, false);
    }

    @ParameterizedTest
    @CsvSource({"phased.16bits.bgen, phased.16bits.vcf", "phased.8bits.bgen, phased.8bits.vcf"})
    void phasedFilesEqualTheirVcfs(String bgen, String vcf) throws Exception {
        Path b = Fixtures.resource("data/bgen/" + bgen);
        PHASED.set(true);
        try {
            assertSame(decode(b, 0.1, true), expected(b.resolveSibling(vcf), 0.1), 2e-5, true);
        } finally {
            PHASED.set(false);
        }
    }

    @Test
    void complexFileMultiallelicMixedPloidyPhasedAndNot() throws Exception {
        Path b = Fixtures.resource("data/bgen/complex.16bits.bgen");
        // the threshold VCF's GT tells phased samples from unphased ones
        assertSame(
                decode(b, 0.1, true),
                expected(Fixtures.resource("data/bgen/complex.16bits.threshold-0.9.vcf"), 0.1),
                2e-5,
                true);
    }

    /**
     * A zlib genotype block whose Adler-32 or deflate data is damaged is a BAD_BLOCK error naming zlib's check, never
     * other genotypes (ISA-L's inflater does not check the Adler-32 itself: io.Inflaters does).
     */
    @Test
    void aDamagedZlibBlockIsAnErrorNotOtherGenotypes() throws Exception {
        Path b = Fixtures.resource("data/bgen/complex.16bits.bgen");
        try (RandomAccessFile f = new RandomAccessFile(b.toFile(), "r")) {
            ByteSource src = ByteSource.of(f);
            BgenHeader h = BgenHeader.read(src);
            assertThat(h.compression).isEqualTo(BgenHeader.Compression.ZLIB);
            BgenReader r = new BgenReader(src, h);
            r.seek(h.firstVariant, 1);
            r.readVariant();
            try (BgenGenotypes g = new BgenGenotypes()) {
                g.decode(r); // intact
                byte[] block = r.block();
                int end = r.blockStart() + r.blockLength();
                block[end - 1] ^= 0x01; // the Adler-32's last byte
                assertThatThrownBy(() -> g.decode(r))
                        .isInstanceOf(BgenException.class)
                        .hasMessageContaining("zlib data is corrupt (incorrect data check)")
                        .satisfies(
                                e -> assertThat(((BgenException) e).reason).isEqualTo(BgenException.Reason.BAD_BLOCK));
                block[end - 1] ^= 0x01;
                g.decode(r); // intact again
                block[r.blockStart() + 4 + 2 + (r.blockLength() - 10) / 2] ^= 0x5a; // inside the deflate data
                assertThatThrownBy(() -> g.decode(r))
                        .isInstanceOf(BgenException.class)
                        .hasMessageContaining("zlib data is corrupt");
            }
        }
    }

    /**
     * Layout 1 (BGEN v1.1, zlib, 16-bit probabilities / 32768) against layout 2 of the same genotypes: the v1.1
     * file is made here by {@code plink2 --bgen example.bgen ref-first --export bgen-1.1 ref-first}.
     */
    @Test
    void layoutOneEqualsLayoutTwo(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path b = Fixtures.shared("regenie/example.bgen");
        assumeTrue(b != null && org.musubi.testing.Tools.available("plink2"), "regenie data or plink2 absent");
        org.musubi.testing.Tools.sh("plink2 --bgen " + b + " ref-first --export bgen-1.1 ref-first --out "
                + tmp.resolve("v11") + " >/dev/null");
        Path v11 = tmp.resolve("v11.bgen");
        try (RandomAccessFile f = new RandomAccessFile(v11.toFile(), "r")) {
            assertThat(BgenHeader.read(ByteSource.of(f)).layout).isEqualTo(1);
        }
        List<Row> one = decode(v11, 0.1, true);
        List<Row> two = decode(b, 0.1, true);
        assertThat(one).hasSameSizeAs(two).hasSize(1000);
        for (int i = 0; i < one.size(); i++) {
            assertThat(one.get(i).pos()).isEqualTo(two.get(i).pos());
            assertThat(one.get(i).gt()).isEqualTo(two.get(i).gt());
            for (int s = 0; s < one.get(i).dosage().length; s++) {
                double x = one.get(i).dosage()[s];
                double y = two.get(i).dosage()[s];
                assertThat(Double.isNaN(x) ? Double.isNaN(y) : Math.abs(x - y) <= 2.0 / 32768)
                        .as("row " + i + " sample " + s + ": " + x + " vs " + y)
                        .isTrue();
            }
        }
    }

    /** The driver's skim (identifying data and block lengths only) visits the variants that a full read does. */
    @Test
    void skimVisitsEveryVariant() throws Exception {
        Path b = Fixtures.resource("data/bgen/complex.16bits.bgen");
        try (RandomAccessFile f = new RandomAccessFile(b.toFile(), "r")) {
            ByteSource src = ByteSource.of(f);
            BgenHeader h = BgenHeader.read(src);
            BgenReader full = new BgenReader(src, h);
            BgenReader skim = new BgenReader(src, h, 64);
            full.seek(h.firstVariant, 1);
            skim.seek(h.firstVariant, 1);
            int n = 0;
            while (full.hasNext(Long.MAX_VALUE)) {
                full.readVariant();
                skim.skipVariant();
                assertThat(skim.chrom + ":" + skim.pos + " " + skim.rsid + " @" + skim.offset)
                        .isEqualTo(full.chrom + ":" + full.pos + " " + full.rsid + " @" + full.offset);
                n++;
            }
            assertThat(skim.hasNext(Long.MAX_VALUE)).isFalse();
            assertThat(n).isEqualTo(h.variantCount);
        }
    }

    @Test
    void refLastSwapsTheAlleles() throws Exception {
        Path b = Fixtures.resource("data/bgen/phased.16bits.bgen");
        List<Row> first = decode(b, 0.1, true);
        List<Row> last = decode(b, 0.1, false);
        for (int i = 0; i < first.size(); i++) {
            assertThat(last.get(i).ref).isEqualTo(first.get(i).alt);
            for (int s = 0; s < first.get(i).dosage.length; s++) {
                double d = first.get(i).dosage[s];
                if (!Double.isNaN(d)) {
                    assertThat(last.get(i).dosage[s]).isCloseTo(2 - d, within(1e-9));
                }
            }
        }
    }

    @Test
    void badMagicNamesTheOffsetAndTheFix() throws Exception {
        Path tmp = Files.createTempFile("bad", ".bgen");
        byte[] b = Files.readAllBytes(Fixtures.resource("data/bgen/phased.16bits.bgen"));
        b[16] = 'x';
        Files.write(tmp, b);
        try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "r")) {
            assertThatThrownBy(() -> BgenHeader.read(ByteSource.of(f)))
                    .isInstanceOf(BgenException.class)
                    .hasMessageContaining("bad magic number 'xgen'")
                    .extracting(e -> ((BgenException) e).describe(null))
                    .asString()
                    .contains("byte offset 16")
                    .contains("re-export");
        } finally {
            Files.delete(tmp);
        }
    }
}
