package org.musubi.meta;

import java.util.List;
import java.util.Objects;
import org.musubi.request.RequestBuilder;

/**
 * A meta-analysis run, validated by the job; made with {@link #builder()}.
 *
 * @param inputs the studies' GWAS-SSF files, in the order of the Direction column
 * @param sampleSize METAL's SCHEME SAMPLESIZE (Z weighted by √N) instead of SCHEME STDERR (inverse variance)
 * @param randomEffects add DerSimonian–Laird random-effects columns (inverse-variance scheme)
 * @param palindromeMafMax A/T and C/G SNPs are aligned by allele frequency only when their minor allele frequency
 *     is at most this, in the study and in the reference study (else dropped)
 * @param partitions tasks for the combination step (0: automatic, by input size, at most 4 per core)
 */
public record MetaRequest(
        List<String> inputs,
        boolean sampleSize,
        boolean randomEffects,
        double palindromeMafMax,
        int partitions,
        String out,
        boolean overwrite,
        List<String> arguments) {
    /** A request built field by field; {@link Builder} says the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link MetaRequest}. The output is required; the rest default to: no inputs, the inverse-variance scheme, no random effects, palindromic SNPs aligned up to MAF 0.4, partitions from the cluster, no overwrite, no arguments.
     */
    public static final class Builder extends RequestBuilder<Builder> {
        private List<String> inputs = List.of();
        private boolean sampleSize;
        private boolean randomEffects;
        private double palindromeMafMax = 0.4;
        private int partitions;

        private Builder() {}

        public Builder inputs(List<String> v) {
            inputs = v;
            return this;
        }

        public Builder sampleSize(boolean v) {
            sampleSize = v;
            return this;
        }

        public Builder randomEffects(boolean v) {
            randomEffects = v;
            return this;
        }

        public Builder palindromeMafMax(double v) {
            palindromeMafMax = v;
            return this;
        }

        public Builder partitions(int v) {
            partitions = v;
            return this;
        }

        public MetaRequest build() {
            Objects.requireNonNull(out, "out");
            return new MetaRequest(
                    inputs, sampleSize, randomEffects, palindromeMafMax, partitions, out, overwrite, arguments);
        }
    }
}
