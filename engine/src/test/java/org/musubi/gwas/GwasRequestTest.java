package org.musubi.gwas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.musubi.ingest.IngestRequest;
import org.musubi.meta.MetaRequest;
import org.musubi.prs.PrsRequest;

/** The request builders' defaults are the jobs' defaults. */
class GwasRequestTest {
    @Test
    void gwasDefaultsAndNamedFields() {
        GwasRequest r = GwasRequest.builder()
                .table("t.mvt")
                .phenoFile("p.tsv")
                .out("out")
                .build();
        assertThat(r.phenoNames()).isEmpty();
        assertThat(r.covarFile()).isNull();
        assertThat(r.model()).isEqualTo("auto");
        assertThat(r.maf()).isZero();
        assertThat(r.missingCode()).isEqualTo("-9");
        assertThat(r.meanImpute()).isFalse();
        assertThat(r.releasePolicy()).isNull();
        assertThat(r.sexChromosomes()).isEqualTo(GwasDesign.SexChromosomes.PLINK2_DEFAULT);
        GwasRequest other = GwasRequest.builder()
                .table("t.mvt")
                .phenoFile("p.tsv")
                .out("out")
                .maf(0.01)
                .keep("keep.txt")
                .build();
        assertThat(other)
                .isEqualTo(new GwasRequest(
                        "t.mvt",
                        "p.tsv",
                        List.of(),
                        null,
                        List.of(),
                        "auto",
                        0.01,
                        0,
                        "keep.txt",
                        "-9",
                        false,
                        0,
                        "out",
                        false,
                        List.of(),
                        null,
                        GwasDesign.SexChromosomes.PLINK2_DEFAULT,
                        null));
        assertThatThrownBy(() -> GwasRequest.builder().table("t").out("o").build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("phenoFile");
    }

    @Test
    void prsIngestMetaDefaults() {
        PrsRequest p = PrsRequest.builder().table("t").out("o").build();
        assertThat(p.minOverlap()).isEqualTo(0.75);
        assertThat(p.meanImputation()).isTrue();
        assertThat(p.evaluation()).isNull();
        IngestRequest i = IngestRequest.builder().out("o").build();
        assertThat(i.options().lenient()).isFalse();
        assertThat(i.dosageField()).isNull();
        MetaRequest m = MetaRequest.builder().out("o").build();
        assertThat(m.palindromeMafMax()).isEqualTo(0.4);
        assertThat(m.sampleSize()).isFalse();
    }
}
