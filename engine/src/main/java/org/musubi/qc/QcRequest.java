package org.musubi.qc;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.musubi.request.TableRequestBuilder;
import org.musubi.stats.qc.SexCheck;

/**
 * A {@code qc} run, validated by the job; made with {@link #builder()}.
 *
 * @param steps the steps to run ({@link QcStep})
 * @param sampleMinCallRate samples called at fewer than this share of variants fail (plink2 {@code --mind 1−x})
 * @param hetSd samples whose het F is more than this many standard deviations from the mean fail (0: no filter)
 * @param sexCheck the chrX F thresholds of the sex check (a mismatch is reported, the sample kept)
 * @param variantMinCallRate variants called in fewer than this share of samples fail (plink2 {@code --geno 1−x})
 * @param hwe variants whose founders' HWE exact p is below this fail (plink2 {@code --hwe}; 0: no filter)
 * @param maf variants whose founders' MAF is below this fail (plink2 {@code --maf}; 0: no filter)
 * @param kingTableFilter pairs with kinship below this are left out of {@code king.kin0} (plink2 {@code
 *     --king-table-filter})
 * @param kingCutoff pairs with kinship above this are related for the unrelated set (plink2 {@code --king-cutoff})
 * @param kingTile samples per side of a KING tile (0: from the sample count and the tasks)
 * @param prune the LD pruning step's settings ({@link PruneSettings#DEFAULT} unless set)
 * @param partitions tasks of the counting pass (0: automatic)
 * @param pcaK principal components of the PCA step (plink2 {@code --pca K})
 * @param pcaMode {@code exact}, {@code approx}, or null: exact up to 5000 PCA samples
 * @param pcaVariants a file of variant IDs (or {@code contig:pos:ref:alt}) the PCA is limited to, or null
 * @param pcaMinMaf the PCA variants' least minor allele frequency over the PCA samples' founders
 * @param pcaFrom another qc output directory whose PCA weights every sample is projected onto, or null
 */
public record QcRequest(
        String table,
        Set<QcStep> steps,
        double sampleMinCallRate,
        double hetSd,
        SexCheck sexCheck,
        double variantMinCallRate,
        double hwe,
        double maf,
        double kingTableFilter,
        double kingCutoff,
        int kingTile,
        PruneSettings prune,
        int partitions,
        int pcaK,
        String pcaMode,
        String pcaVariants,
        double pcaMinMaf,
        String pcaFrom,
        String out,
        boolean overwrite,
        List<String> arguments) {

    public QcRequest {
        steps = Set.copyOf(steps);
        arguments = List.copyOf(arguments);
    }

    public boolean runs(QcStep s) {
        return steps.contains(s);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link QcRequest}. Table and output are required; the defaults: steps sample, variant, prune, king,
     * unrelated; sample call rate ≥ 0.95, het F within 3 SD, sex check F 0.2/0.8; variant call rate ≥ 0.95, HWE p ≥
     * 1e-6, no MAF filter; KING table filter 0.0442 (third degree), cutoff 0.0884 (second degree and closer
     * related); LD pruning as {@link PruneSettings#DEFAULT}; automatic tiles and tasks.
     */
    public static final class Builder extends TableRequestBuilder<Builder> {
        private Set<QcStep> steps = EnumSet.range(QcStep.SAMPLE, QcStep.UNRELATED);
        private double sampleMinCallRate = 0.95;
        private double hetSd = 3;
        private SexCheck sexCheck = SexCheck.DEFAULT;
        private double variantMinCallRate = 0.95;
        private double hwe = 1e-6;
        private double maf;
        private double kingTableFilter = 0.0442;
        private double kingCutoff = 0.0884;
        private int kingTile;
        private PruneSettings prune = PruneSettings.DEFAULT;
        private int partitions;
        private int pcaK = 10;
        private String pcaMode;
        private String pcaVariants;
        private double pcaMinMaf = PcaVariants.DEFAULT_MIN_MAF;
        private String pcaFrom;

        private Builder() {}

        public Builder steps(Set<QcStep> v) {
            steps = v;
            return this;
        }

        public Builder sampleMinCallRate(double v) {
            sampleMinCallRate = v;
            return this;
        }

        public Builder hetSd(double v) {
            hetSd = v;
            return this;
        }

        public Builder sexCheck(SexCheck v) {
            sexCheck = v;
            return this;
        }

        public Builder variantMinCallRate(double v) {
            variantMinCallRate = v;
            return this;
        }

        public Builder hwe(double v) {
            hwe = v;
            return this;
        }

        public Builder maf(double v) {
            maf = v;
            return this;
        }

        public Builder kingTableFilter(double v) {
            kingTableFilter = v;
            return this;
        }

        public Builder kingCutoff(double v) {
            kingCutoff = v;
            return this;
        }

        public Builder kingTile(int v) {
            kingTile = v;
            return this;
        }

        public Builder prune(PruneSettings v) {
            prune = v;
            return this;
        }

        public Builder partitions(int v) {
            partitions = v;
            return this;
        }

        public Builder pcaK(int v) {
            pcaK = v;
            return this;
        }

        public Builder pcaMode(String v) {
            pcaMode = v;
            return this;
        }

        public Builder pcaVariants(String v) {
            pcaVariants = v;
            return this;
        }

        public Builder pcaMinMaf(double v) {
            pcaMinMaf = v;
            return this;
        }

        public Builder pcaFrom(String v) {
            pcaFrom = v;
            return this;
        }

        public QcRequest build() {
            return new QcRequest(
                    Objects.requireNonNull(table, "table"),
                    steps,
                    sampleMinCallRate,
                    hetSd,
                    sexCheck,
                    variantMinCallRate,
                    hwe,
                    maf,
                    kingTableFilter,
                    kingCutoff,
                    kingTile,
                    Objects.requireNonNull(prune, "prune"),
                    partitions,
                    pcaK,
                    pcaMode,
                    pcaVariants,
                    pcaMinMaf,
                    pcaFrom,
                    Objects.requireNonNull(out, "out"),
                    overwrite,
                    arguments);
        }
    }
}
