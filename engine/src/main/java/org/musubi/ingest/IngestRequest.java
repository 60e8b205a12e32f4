package org.musubi.ingest;

import java.util.List;
import java.util.Objects;
import org.musubi.io.vcf.VcfRecordParser.DosageField;
import org.musubi.request.RequestBuilder;

/**
 * Everything the ingest plan needs, validated by the job; made with {@link #builder()}.
 *
 * @param inputs files, globs or directories
 * @param output table directory
 * @param bank bank id recorded in the table (may be null)
 * @param samplesManifest TSV / .psam / .fam, or null
 * @param genomeBuild GRCh37/GRCh38, or null to take it from the header
 * @param dosageField "auto", "DS", "GP", or null for none
 * @param partitions target number of splits (0 = from the cluster's parallelism)
 * @param arguments the command line, recorded in {@code _table.json}
 * @param plinkRef PLINK 1 input: which {@code .bim} allele column is REF, "a2" (plink2's convention) or "a1"
 * @param bgen BGEN settings (null: {@link BgenIngestOptions#DEFAULT}); used when the input is a {@code .bgen}
 */
public record IngestRequest(
        List<String> inputs,
        String output,
        String bank,
        String samplesManifest,
        String genomeBuild,
        IngestOptions options,
        String dosageField,
        List<String> infoFields,
        int partitions,
        boolean overwrite,
        List<String> arguments,
        String plinkRef,
        BgenIngestOptions bgen) {
    /** A request with plink2's REF = A2 for PLINK input and the BGEN defaults. */
    public IngestRequest(
            List<String> inputs,
            String output,
            String bank,
            String samplesManifest,
            String genomeBuild,
            IngestOptions options,
            String dosageField,
            List<String> infoFields,
            int partitions,
            boolean overwrite,
            List<String> arguments) {
        this(
                inputs,
                output,
                bank,
                samplesManifest,
                genomeBuild,
                options,
                dosageField,
                infoFields,
                partitions,
                overwrite,
                arguments,
                "a2",
                BgenIngestOptions.DEFAULT);
    }

    /** A request built field by field; {@link Builder} says the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link IngestRequest}. The output is required; the rest default to: no inputs, no bank, no manifest, build from the header, strict with no bad records allowed, no dosage, no INFO columns, partitions from the cluster, no overwrite, no arguments, REF = A2 for PLINK input.
     */
    public static final class Builder extends RequestBuilder<Builder> {
        private List<String> inputs = List.of();
        private String bank;
        private String samplesManifest;
        private String genomeBuild;
        private IngestOptions options = new IngestOptions(false, 0, DosageField.NONE, List.of());
        private String dosageField;
        private List<String> infoFields = List.of();
        private int partitions;
        private BgenIngestOptions bgen = BgenIngestOptions.DEFAULT;
        private String plinkRef = "a2";

        private Builder() {}

        public Builder inputs(List<String> v) {
            inputs = v;
            return this;
        }

        public Builder bank(String v) {
            bank = v;
            return this;
        }

        public Builder samplesManifest(String v) {
            samplesManifest = v;
            return this;
        }

        public Builder genomeBuild(String v) {
            genomeBuild = v;
            return this;
        }

        public Builder options(IngestOptions v) {
            options = v;
            return this;
        }

        public Builder dosageField(String v) {
            dosageField = v;
            return this;
        }

        public Builder infoFields(List<String> v) {
            infoFields = v;
            return this;
        }

        public Builder partitions(int v) {
            partitions = v;
            return this;
        }

        public Builder plinkRef(String v) {
            plinkRef = v;
            return this;
        }

        public Builder bgen(BgenIngestOptions v) {
            bgen = v;
            return this;
        }

        public IngestRequest build() {
            Objects.requireNonNull(out, "out");
            return new IngestRequest(
                    inputs,
                    out,
                    bank,
                    samplesManifest,
                    genomeBuild,
                    options,
                    dosageField,
                    infoFields,
                    partitions,
                    overwrite,
                    arguments,
                    plinkRef,
                    bgen);
        }
    }
}
