package org.musubi.freq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * freq's Spark job runs a named function, not a lambda: Spark's ClosureCleaner cleans only what is synthetic (a
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

    @Test
    void anEmptyPartitionGivesNoPart() {
        FreqPlan.SitesTask fn = new FreqPlan.SitesTask(List.of(), null, "parts", null, "zstd");
        assertThat(fn.apply(
                        null, JavaConverters.asScalaIterator(List.<Integer>of().iterator())))
                .isNull();
    }
}
