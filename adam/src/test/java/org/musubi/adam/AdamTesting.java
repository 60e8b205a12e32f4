package org.musubi.adam;

import htsjdk.samtools.ValidationStringency;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bdgenomics.adam.ds.ADAMContext;
import org.bdgenomics.adam.ds.variant.GenotypeDataset;
import org.bdgenomics.formats.avro.Sample;
import org.musubi.testing.TableRows;

/** What the ADAM tests compare: ADAM genotypes and table rows as sorted text. */
final class AdamTesting {
    private AdamTesting() {}

    /**
     * ADAM genotypes as {@code contig start ref alt sample alleles phased}, sorted; another ALT counts as REF (as the
     * table's split rows have it) and unphased alleles are sorted (a call's allele order means nothing unphased).
     */
    static List<String> genotypes(GenotypeDataset gd) {
        List<String> out = new ArrayList<>();
        for (Row r : normalized(gd).collectAsList()) {
            out.add(r.mkString("\t"));
        }
        Collections.sort(out);
        return out;
    }

    /**
     * ADAM's own {@code loadVcf → toGenotypes}. ADAM's VCF reader asks Hadoop for the checksummed local file system
     * ({@code FileSystem.getLocal}), which Musubi's sessions replace with the raw one (no {@code .crc} files): it is
     * put back for the call.
     */
    static GenotypeDataset loadVcf(SparkSession spark, Path vcf) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String impl = conf.get("fs.file.impl");
        conf.set("fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem");
        try {
            return new ADAMContext(spark.sparkContext())
                    .loadVcf(vcf.toString(), ValidationStringency.STRICT)
                    .toGenotypes();
        } finally {
            if (impl == null) {
                conf.unset("fs.file.impl");
            } else {
                conf.set("fs.file.impl", impl);
            }
        }
    }

    /** {@link #genotypes} as a Spark dataset (for comparing millions of genotypes without collecting them). */
    static Dataset<Row> normalized(GenotypeDataset gd) {
        return gd.toDF()
                .selectExpr(
                        "referenceName",
                        "start",
                        "variant.referenceAllele",
                        "variant.alternateAllele",
                        "sampleId",
                        "coalesce(phased, false) AS phased",
                        "transform(alleles, a -> IF(a = 'OTHER_ALT', 'REF', a)) AS alleles")
                .selectExpr("*", "IF(phased, alleles, array_sort(alleles)) AS calls")
                .drop("alleles");
    }

    /** Prints how long a step took (the test's report shows it); returns now. */
    static long lap(String step, long t0) {
        long t = System.nanoTime();
        System.out.printf("%s: %.1f s%n", step, (t - t0) / 1e9);
        return t;
    }

    static List<String> sampleIds(ADAMContext ac, String path) {
        List<String> ids = new ArrayList<>();
        scala.collection.Iterator<Sample> it =
                AdamDataset.load(ac, path).samples().iterator();
        while (it.hasNext()) {
            ids.add(it.next().getId());
        }
        return ids;
    }

    /** A table's rows with their ploidy and phase codes ({@link TableRows#of(Path, boolean)}), sorted. */
    static List<String> rows(Path table) throws IOException {
        List<String> out = new ArrayList<>(TableRows.of(table, true));
        Collections.sort(out);
        return out;
    }
}
