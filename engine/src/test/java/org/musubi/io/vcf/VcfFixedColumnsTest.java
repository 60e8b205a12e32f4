package org.musubi.io.vcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The fixed columns' syntax, one column at a time. */
class VcfFixedColumnsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void valuesOfWellFormedColumns() throws BadRecordException {
        assertThat(VcfFixedColumns.parsePos(b("2147483647"), 0, 10)).isEqualTo(Integer.MAX_VALUE);
        assertThat(VcfFixedColumns.parseId(b("."), 0, 1)).isNull();
        assertThat(VcfFixedColumns.parseId(b("rs1;rs2"), 0, 7)).isEqualTo("rs1;rs2");
        assertThat(VcfFixedColumns.parseRef(b("ACgtN"), 0, 5)).isEqualTo("ACgtN");
        byte[] alt = b("A,<DEL>,*,G]1:5],.T");
        assertThat(VcfFixedColumns.checkAllele(alt, 2, 7, 0, alt.length)).isEqualTo("<DEL>");
        assertThat(VcfFixedColumns.checkAllele(alt, 10, 16, 0, alt.length)).isEqualTo("G]1:5]");
        assertThat(VcfFixedColumns.checkAllele(alt, 17, 19, 0, alt.length)).isEqualTo(".T");
        assertThat(VcfFixedColumns.parseFilter(b("."), 0, 1)).isNull();
        assertThat(VcfFixedColumns.parseFilter(b("PASS"), 0, 4)).containsExactly("PASS");
        assertThat(VcfFixedColumns.parseFilter(b("q10;s50"), 0, 7)).containsExactly("q10", "s50");
        VcfFixedColumns.checkContig(b("<chrUn_KI270302v1>"), 0, 18);
    }

    private static void rejects(ThrowingCallable column, BadRecordException.Reason reason) {
        assertThatThrownBy(column).isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.reason)
                .isEqualTo(reason));
    }

    @Test
    void badColumnsNameTheirReason() {
        rejects(() -> VcfFixedColumns.parsePos(b("2147483648"), 0, 10), BadRecordException.Reason.BAD_POS);
        rejects(() -> VcfFixedColumns.parseId(b("rs1;rs1"), 0, 7), BadRecordException.Reason.BAD_ID);
        rejects(() -> VcfFixedColumns.parseRef(b("."), 0, 1), BadRecordException.Reason.BAD_REF);
        rejects(() -> VcfFixedColumns.checkAllele(b("G[1:5]"), 0, 6, 0, 6), BadRecordException.Reason.BAD_ALT);
        rejects(() -> VcfFixedColumns.parseFilter(b("PASS;0"), 0, 6), BadRecordException.Reason.BAD_FILTER);
        rejects(() -> VcfFixedColumns.checkContig(b("*1"), 0, 2), BadRecordException.Reason.BAD_CHROM);
        assertThat(VcfFixedColumns.isContigChar((byte) '*', false)).isTrue();
    }
}
