package org.musubi.freq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * freq's task: the sites' grouping and order check; the Spark job runs a named function, not a lambda: Spark's ClosureCleaner cleans only what is synthetic (a
 * lambda's class) or named {@code $anonfun$}, and for those it reads class files with ASM at every job.
 */
class FreqSitesTaskTest {
    @Test
    void theJobsFunctionIsANamedSerializableClassThatClosureCleaningLeavesAlone() {
        FreqPlan.SitesTask fn = new FreqPlan.SitesTask(List.of(), null, "parts", null, "zstd");
        assertThat(fn).isInstanceOf(scala.Function2.class).isInstanceOf(Serializable.class);
        assertThat(fn.getClass().isSynthetic()).isFalse();
        assertThat(fn.getClass().getName()).doesNotContain("$anonfun$").doesNotContain("$$Lambda");
    }

    private static Row row(int pos, int altIndex, String ref, String alt, int stratum) {
        Object[] v = new Object[FreqTask.SCHEMA.size()];
        v[FreqTask.I_CONTIG] = "chr1";
        v[FreqTask.I_POS] = pos;
        v[FreqTask.I_REF] = ref;
        v[FreqTask.I_ALT] = alt;
        v[FreqTask.I_ALT_INDEX] = altIndex;
        v[FreqTask.I_STRATUM_INDEX] = stratum;
        return RowFactory.create(v);
    }

    @Test
    void sitesGroupTheStrataRowsAndTheOrderCheckBreaksTiesOnAltIndexThenAlleles() {
        List<Row> rows = List.of(
                row(10, 0, "A", "C", 0),
                row(10, 0, "A", "C", 1),
                row(12, 0, "A", "G", 0),
                row(12, 0, "A", "G", 1),
                row(12, 1, "A", "T", 0),
                row(12, 1, "A", "T", 1));
        List<List<Row>> sites = FreqPlan.sites(rows, 2);
        assertThat(sites).hasSize(3);
        assertThat(sites.get(1)).containsExactly(rows.get(2), rows.get(3));
        assertThat(FreqPlan.inSiteOrder(sites)).isTrue();
        assertThat(FreqPlan.inSiteOrder(List.of(sites.get(0), sites.get(2), sites.get(1))))
                .isFalse();
        // same position and ALT index: REF, then ALT, as bytes
        List<List<Row>> tie = FreqPlan.sites(List.of(row(5, 0, "A", "T", 0), row(5, 0, "A", "C", 0)), 1);
        assertThat(FreqPlan.inSiteOrder(tie)).isFalse();
        assertThat(FreqPlan.inSiteOrder(List.of(tie.get(1), tie.get(0)))).isTrue();
        assertThat(FreqPlan.inSiteOrder(List.of())).isTrue();
    }

    @Test
    void anEmptyPartitionGivesNoPart() {
        FreqPlan.SitesTask fn = new FreqPlan.SitesTask(List.of(), null, "parts", null, "zstd");
        assertThat(fn.apply(
                        null, JavaConverters.asScalaIterator(List.<Integer>of().iterator())))
                .isNull();
    }
}
