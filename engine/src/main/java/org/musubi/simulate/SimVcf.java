package org.musubi.simulate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.musubi.Version;
import org.musubi.simulate.model.BankCohort;
import org.musubi.simulate.model.BlockGenotypes;
import org.musubi.simulate.model.BlockLayout;
import org.musubi.simulate.model.Genome;

/** VCF text of a simulated bank: header and one line per variant, formatted into a reused byte buffer. */
final class SimVcf {
    private static final byte[][] DIPLOID = {bytes("0/0"), bytes("0/1"), bytes("1/1"), bytes("./.")};
    private static final byte[][] HAPLOID = {bytes("0"), bytes("?"), bytes("1"), bytes(".")};

    private byte[] buf = new byte[1 << 16];
    private int len;

    /** The header lines (## and #CHROM), as the table's {@code vcfHeader} keeps the ## ones. */
    static List<String> metaLines(List<String> contigs, long seed) {
        List<String> l = new java.util.ArrayList<>();
        l.add("##fileformat=VCFv4.2");
        l.add("##FILTER=<ID=PASS,Description=\"All filters passed\">");
        l.add("##INFO=<ID=AC,Number=A,Type=Integer,Description=\"Allele count in genotypes\">");
        l.add("##INFO=<ID=AN,Number=1,Type=Integer,Description=\"Total number of alleles in called genotypes\">");
        l.add("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">");
        for (String c : contigs) {
            l.add("##contig=<ID=" + c + ",length=" + Genome.length(c) + ">");
        }
        l.add("##reference=GRCh38");
        l.add("##source=musubi simulate " + Version.ENGINE + " (synthetic cohort, seed " + seed + ")");
        return l;
    }

    static byte[] header(List<String> metaLines, BankCohort bank) {
        StringBuilder h = new StringBuilder();
        for (String l : metaLines) {
            h.append(l).append('\n');
        }
        h.append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
        for (int s = 0; s < bank.sampleCount; s++) {
            h.append('\t').append(bank.sampleId(s));
        }
        h.append('\n');
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Formats variant j of the block (AC/AN given) and a newline. */
    void format(BlockGenotypes g, int j, int n, long ac, long an) {
        BlockLayout lay = g.layout;
        len = 0;
        append(lay.contig);
        append("\t" + lay.pos[j] + "\t" + lay.id(j) + "\t" + lay.ref[j] + "\t" + lay.alt[j] + "\t.\tPASS\tAC=" + ac
                + ";AN=" + an + "\tGT");
        ensure(len + 4L * n + 1);
        byte[] gt = g.gt[j];
        byte[] ploidy = g.ploidy;
        for (int s = 0; s < n; s++) {
            buf[len++] = '\t';
            byte[] code = ploidy != null && ploidy[s] == 1 ? HAPLOID[gt[s]] : DIPLOID[gt[s]];
            System.arraycopy(code, 0, buf, len, code.length);
            len += code.length;
        }
        buf[len++] = '\n';
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return len;
    }

    private void append(String s) {
        byte[] b = bytes(s);
        ensure(len + (long) b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void ensure(long size) {
        if (size > buf.length) {
            buf = java.util.Arrays.copyOf(buf, (int) Math.max(size, 2L * buf.length));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
