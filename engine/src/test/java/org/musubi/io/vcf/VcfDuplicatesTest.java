package org.musubi.io.vcf;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The duplicate check over a split's records: trimmed variants, a window from POS on, per contig. */
class VcfDuplicatesTest {
    @Test
    void aTrimmedVariantOfAnEarlierRecordIsADuplicate() throws BadRecordException {
        VcfDuplicates d = new VcfDuplicates();
        String chr1 = "1";
        d.check(chr1, 124, "A", new String[] {"G"}, 1);
        assertThatThrownBy(() -> d.check(chr1, 123, "TAT", new String[] {"TGT"}, 1))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("1:124 A>G once trimmed")
                .hasMessageContaining("duplicates the earlier record 1:124 A>G");
    }

    @Test
    void repeatsWithinARecordAndOtherContigs() throws BadRecordException {
        VcfDuplicates d = new VcfDuplicates();
        assertThatThrownBy(() -> d.check("1", 10, "C", new String[] {"T", "t"}, 2))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("appears twice in the record");
        VcfDuplicates e = new VcfDuplicates();
        e.check("1", 10, "C", new String[] {"T", "<DEL>", "*"}, 3);
        assertThatCode(() -> e.check("2", 10, "C", new String[] {"T"}, 1)).doesNotThrowAnyException();
        assertThatCode(() -> e.check("2", 11, "C", new String[] {"T"}, 1)).doesNotThrowAnyException();
    }
}
