package org.musubi.testing;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.musubi.ingest.IngestOptions;
import org.musubi.ingest.IngestPlan;
import org.musubi.ingest.IngestRequest;
import org.musubi.io.vcf.VcfRecordParser.DosageField;

/** Ingests a fixture VCF into a table for tests (defaults: no manifest, build from the header, DS/GP auto). */
public final class Ingests {
    private Ingests() {}

    public static IngestRequest request(Path vcf, Path out, boolean lenient, int partitions) {
        return IngestRequest.builder()
                .inputs(List.of(vcf.toString()))
                .out(out.toString())
                .bank("test-bank")
                .options(new IngestOptions(lenient, 100_000, DosageField.NONE, List.of()))
                .dosageField("auto")
                .partitions(partitions)
                .arguments(List.of("ingest", "test"))
                .build();
    }

    public static IngestPlan.Summary ingest(SparkSession spark, Path vcf, Path out, boolean lenient, int partitions)
            throws java.io.IOException {
        return IngestPlan.run(spark, request(vcf, out, lenient, partitions));
    }
}
