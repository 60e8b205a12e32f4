package org.musubi.io.vcf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sites-only VCF text that freq and freq-merge write, line by line. */
class SitesVcfTest {
    @Test
    void headerInOrderAdded() {
        String h = new SitesVcf.Header()
                .meta("source", "Musubi freq 1")
                .meta("musubi_release_k", 5)
                .contig("22", 51_304_566L)
                .contig("X", null)
                .info("AC", "A", "Integer", "Alternate allele count, all samples")
                .end();
        assertThat(h)
                .isEqualTo("##fileformat=VCFv4.2\n##source=Musubi freq 1\n##musubi_release_k=5\n"
                        + "##contig=<ID=22,length=51304566>\n##contig=<ID=X>\n"
                        + "##INFO=<ID=AC,Number=A,Type=Integer,Description=\"Alternate allele count, all samples\">\n"
                        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
    }

    @Test
    void lines() {
        assertThat(new SitesVcf.Line("22", 100, null, "A", "G").end()).isEqualTo("22\t100\t.\tA\tG\t.\t.\t.\n");
        assertThat(new SitesVcf.Line("X", 7, "rs1", "C", "T")
                        .put("AC", 3)
                        .putFloat("AF", 0.1234567)
                        .put("grpmax", "afr")
                        .end())
                .isEqualTo("X\t7\trs1\tC\tT\t.\t.\tAC=3;AF=0.123457;grpmax=afr\n");
    }

    /** A long line grows its buffer; non-ASCII text is UTF-8; endTo writes end()'s bytes; numbers as Long.toString. */
    @Test
    void longLinesTextAndNumbersAsStringsWouldBe() throws Exception {
        StringBuilder want = new StringBuilder("chr1\t5\trs\u00e9\u4e2d\tA\tC\t.\t.\t");
        SitesVcf.Line a = new SitesVcf.Line("chr1", 5, "rs\u00e9\u4e2d", "A", "C");
        SitesVcf.Line b = new SitesVcf.Line("chr1", 5, "rs\u00e9\u4e2d", "A", "C");
        long[] values = {0, 7, -1, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, -1234567890123L};
        for (int i = 0; i < 400; i++) {
            long v = values[i % values.length];
            String key = "AC_p" + i + (i % 50 == 0 ? "_\u00fc" : "");
            a.put(key, v);
            b.put(key, v);
            want.append(i == 0 ? "" : ";").append(key).append('=').append(v);
        }
        want.append('\n');
        assertThat(a.end()).isEqualTo(want.toString());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        b.endTo(out);
        assertThat(out.toByteArray()).isEqualTo(want.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
