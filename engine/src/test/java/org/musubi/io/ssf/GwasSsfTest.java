package org.musubi.io.ssf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** GWAS-SSF text: mandatory columns first, #NA, variant_id, and the metadata keys of the data file. */
class GwasSsfTest {
    @Test
    void headerMandatoryColumnsFirst() {
        assertThat(GwasSsf.header("beta", List.of("variant_id", "n")))
                .isEqualTo("chromosome\tbase_pair_location\teffect_allele\tother_allele\tbeta\tstandard_error"
                        + "\teffect_allele_frequency\tp_value\tvariant_id\tn\n");
    }

    @Test
    void valuesAndIds() {
        assertThat(GwasSsf.num(Double.NaN)).isEqualTo("#NA");
        assertThat(GwasSsf.num(0.000123456789)).isEqualTo("0.000123457");
        assertThat(GwasSsf.variantId(new StringBuilder(), "23", 5, "A", "G").toString())
                .isEqualTo("23_5_A_G");
    }

    @Test
    void metadataOneVersion() {
        StringBuilder y = GwasSsf.metadata(null);
        GwasSsf.dataFile(y, "qt.tsv.gz", "abc");
        assertThat(y.toString())
                .contains("genome_assembly: NR\ncoordinate_system: 1-based\n")
                .endsWith("data_file_name: qt.tsv.gz\nfile_type: GWAS-SSF v1.1\ndata_file_md5sum: abc\n"
                        + "is_harmonised: false\nis_sorted: true\n");
    }
}
