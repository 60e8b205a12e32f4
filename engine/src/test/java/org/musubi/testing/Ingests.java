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
        return new IngestRequest(
                List.of(vcf.toString()),
                out.toString(),
                "test-bank",
                null,
                null,
                new IngestOptions(lenient, 100_000, DosageField.NONE, List.of()),
                "auto",
                List.of(),
                partitions,
                false,
                List.of("ingest", "test"));
    }

    public static IngestPlan.Summary ingest(SparkSession spark, Path vcf, Path out, boolean lenient, int partitions)
            throws java.io.IOException {
        return IngestPlan.run(spark, request(vcf, out, lenient, partitions));
    }
}
